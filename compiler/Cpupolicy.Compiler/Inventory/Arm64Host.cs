using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// What an aarch64 inventory says: the field levels (<see cref="Levels"/>, the truth a minimum is computed on), the
/// features they give over <see cref="Arm64Database"/>, the features the file could state at all, and MIDR. The
/// <see cref="HostCapability"/> that carries this has no x86 features and <c>ForeignArch = "aarch64"</c>, so x86-only
/// code sees a featureless foreign host.
/// </summary>
public sealed record Arm64Host(Arm64Levels Levels, FeatureSet Knowable, Arm64Midr? Midr, IReadOnlyDictionary<string, ulong>? Registers)
{
    public const string Arch = "aarch64";

    public FeatureSet Features => Levels.Features;

    public Arm64Database Database => Levels.Database;

    public CpuVendor Vendor => Midr is { } m ? Database.VendorOf(m.Implementer) : CpuVendor.Unknown;

    /// <summary><c>HiSilicon Kunpeng-920 (TSV110) r1p0</c>, or null without MIDR.</summary>
    public string? Describe() => Midr?.Describe(Database);
}
