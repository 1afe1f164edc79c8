namespace Cpupolicy.Generator.Sources;

/// <summary>What QEMU reports about itself: version, flags with coordinates, models.</summary>
public sealed record QemuCatalog(
    string Release,
    IReadOnlyList<QemuFlag> Flags,
    IReadOnlyList<QemuModel> Models,
    IReadOnlySet<uint> LeavesWithSubleaves);
