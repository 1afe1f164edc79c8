namespace Cpupolicy.Generator.Sources;

/// <summary>A <c>&lt;feature&gt;</c> of libvirt's x86_features.xml.</summary>
public sealed record LibvirtFeature(
    string Name,
    Coordinate Coordinate,
    IReadOnlyList<LibvirtAlias> Aliases,
    bool Migratable);
