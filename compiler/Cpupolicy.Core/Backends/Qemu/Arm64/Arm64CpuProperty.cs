using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;

namespace Cpupolicy.Core.Backends.Qemu.Arm64;

/// <summary>
/// One on/off property of QEMU's aarch64 <c>-cpu</c> (<c>sve</c>, <c>pmu</c>, <c>pauth</c>, <c>sme</c>): <c>off</c>
/// removes every feature of <see cref="Group"/>; <c>on</c> leaves the CPU's own levels, of which only
/// <see cref="On"/> is certain (the exact levels come from the host or from QEMU's <c>max</c>).
/// </summary>
public sealed record Arm64CpuProperty(string Name, FeatureSet On, FeatureSet Group)
{
    /// <summary>The properties cpupolicy emits and decodes: QEMU 7.2 and 8.2 have all four on <c>max</c>; <c>host</c> (KVM) has sve and pmu.</summary>
    public static IReadOnlyList<Arm64CpuProperty> All(Arm64Database db)
    {
        FeatureSet Dependents(params string[] names)
        {
            var roots = db.SetOf(names);
            return roots | FeatureSet.Of(db.Features.Where(f => !(f.RequiresAll & roots).IsEmpty).Select(f => f.Index));
        }

        FeatureSet OnFields(params string[] keys) =>
            FeatureSet.Of(db.Features.Where(f => f.When.Any(c => keys.Contains(c.Field.Key, StringComparer.Ordinal))).Select(f => f.Index));

        return
        [
            new("sve", db.SetOf("sve"), Dependents("sve")),
            new("pmu", db.SetOf("ID_AA64DFR0_EL1.PMUVer"), OnFields("ID_AA64DFR0_EL1.PMUVer")),
            new("pauth", db.SetOf("paca", "pacg"), OnFields("ID_AA64ISAR1_EL1.APA", "ID_AA64ISAR1_EL1.API", "ID_AA64ISAR1_EL1.GPA", "ID_AA64ISAR1_EL1.GPI", "ID_AA64ISAR2_EL1.APA3", "ID_AA64ISAR2_EL1.GPA3", "ID_AA64ISAR2_EL1.PAC_frac")),
            new("sme", db.SetOf("sme"), Dependents("sme")),
        ];
    }
}
