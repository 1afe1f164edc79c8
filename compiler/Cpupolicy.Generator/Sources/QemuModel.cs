namespace Cpupolicy.Generator.Sources;

/// <summary>A QEMU CPU model: query-cpu-definitions facts plus its static expansion under TCG (canonical flag names).</summary>
public sealed record QemuModel(
    string Name,
    string? AliasOf,
    bool MigrationSafe,
    string? Vendor,
    IReadOnlyList<string> Features);
