namespace Cpupolicy.Generator.Sources;

/// <summary>One <c>XEN_CPUFEATURE</c> of a release: header name, featureset word/bit, attribute letters, libxl key.</summary>
public sealed record XenFeature(
    string Name,
    int Word,
    int Bit,
    string Attributes,
    string? LibxlKey,
    string Description,
    Coordinate Coordinate);
