using Cpupolicy.Core.Backends.Qemu.Arm64;
using Cpupolicy.Core.Database.Arm64;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// openEuler's QEMU 8.2 names its per-field properties <c>SYSREG_&lt;REGISTER&gt;_&lt;FIELD&gt;</c> (printf
/// "SYSREG_%s_%s" over the register and field names of its table) and registers one for each field KVM reports
/// writable. Every property cpupolicy emits must be one of those names.
/// </summary>
public class OpenEulerSysregTests
{
    /// <summary>
    /// The fields of the AArch64 ID registers in openEuler QEMU's field table, per register.
    /// Source: https://github.com/openeuler-mirror/qemu, file target/arm/cpu-sysreg-properties.c (generated there from
    /// Linux's arch/arm64/tools/sysreg), as stored at commit 3581592ca359fbeca14d1ee29b1335d97d346d29; only the
    /// registers cpupolicy's database describes are listed.
    /// </summary>
    private static readonly Dictionary<string, string> OpenEulerFields = new(StringComparer.Ordinal)
    {
        ["ID_AA64PFR0_EL1"] = "CSV3 CSV2 RME DIT AMU MPAM SEL2 SVE RAS GIC AdvSIMD FP EL3 EL2 EL1 EL0",
        ["ID_AA64PFR1_EL1"] = "PFAR DF2 MTEX THE GCS MTE_frac NMI CSV2_frac RNDR_trap SME MPAM_frac RAS_frac MTE SSBS BT",
        ["ID_AA64ZFR0_EL1"] = "F64MM F32MM F16MM I8MM SM4 SHA3 B16B16 BF16 BitPerm EltPerm AES SVEver",
        ["ID_AA64SMFR0_EL1"] = "FA64 LUTv2 SMEver I16I64 F64F64 I16I32 B16B16 F16F16 F8F16 F8F32 I8I32 F16F32 B16F32 BI32I32 F32F32 SF8FMA SF8DP4 SF8DP2 SBitPerm AES SFEXPA STMOP SMOP4",
        ["ID_AA64DFR0_EL1"] = "HPMN0 ExtTrcBuff BRBE MTPMU TraceBuffer TraceFilt DoubleLock PMSVer CTX_CMPs SEBEP WRPs PMSS BRPs PMUVer TraceVer DebugVer",
        ["ID_AA64ISAR0_EL1"] = "RNDR TLB TS FHM DP SM4 SM3 SHA3 RDM TME ATOMIC CRC32 SHA2 SHA1 AES",
        ["ID_AA64ISAR1_EL1"] = "LS64 XS I8MM DGH BF16 SPECRES SB FRINTTS GPI GPA LRCPC FCMA JSCVT API APA DPB",
        ["ID_AA64ISAR2_EL1"] = "ATS1A LUT CSSC RPRFM PCDPHINT PRFMSLC SYSINSTR_128 SYSREG_128 CLRBHB PAC_frac BC MOPS APA3 GPA3 RPRES WFxT",
        ["ID_AA64MMFR0_EL1"] = "ECV FGT EXS TGRAN4_2 TGRAN64_2 TGRAN16_2 TGRAN4 TGRAN64 TGRAN16 BIGENDEL0 SNSMEM BIGEND ASIDBITS PARANGE",
        ["ID_AA64MMFR1_EL1"] = "ECBHB CMOW TIDCP1 nTLBPA AFP HCX ETS TWED XNX SpecSEI PAN LO HPDS VH VMIDBits HAFDBS",
        ["ID_AA64MMFR2_EL1"] = "E0PD EVT BBM TTL FWB IDS AT ST NV CCIDX VARange IESB LSM UAO CnP",
    };

    private static IEnumerable<string> OpenEulerPropertyNames() =>
        OpenEulerFields.SelectMany(r => r.Value.Split(' ').Select(f => $"SYSREG_{r.Key}_{f}"));

    [Fact]
    public void Every_SYSREG_property_cpupolicy_can_emit_is_an_openEuler_property()
    {
        var names = OpenEulerPropertyNames().ToHashSet(StringComparer.Ordinal);
        var emitted = Arm64WritableFields.Default.Fields.Select(Arm64WritableFields.PropertyName).ToList();
        Assert.NotEmpty(emitted);
        Assert.All(emitted, n => Assert.Contains(n, names));
    }

    [Fact]
    public void The_openEuler_artifacts_of_the_Kunpeng_example_use_only_openEuler_properties()
    {
        var example = Path.Combine(Infrastructure.RepoData.RepoRoot, "policy", "examples", "kunpeng-generations.cpupolicy");
        var result = Cpupolicy.Compiler.Compilation.CompileFile(example, ["qemu", "libvirt"]);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var names = OpenEulerPropertyNames().ToHashSet(StringComparer.Ordinal);
        var used = result.Profiles.SelectMany(p => p.Artifacts)
            .SelectMany(a => System.Text.RegularExpressions.Regex.Matches(a.Text, "SYSREG_[A-Za-z0-9_]+").Select(m => m.Value))
            .ToList();
        Assert.NotEmpty(used);
        Assert.All(used, n => Assert.Contains(n, names));
    }

    [Fact]
    public void The_property_of_ISAR0_DP_is_the_one_in_openEulers_example() =>
        Assert.Equal("SYSREG_ID_AA64ISAR0_EL1_DP", Arm64WritableFields.PropertyName(Arm64Database.Default.FindField("ID_AA64ISAR0_EL1.DP")!));

    [Fact]
    public void Writable_fields_leave_out_what_KVM_keeps_read_only()
    {
        var keys = Arm64WritableFields.Default.Fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("ID_AA64ISAR0_EL1.ATOMIC", keys);
        Assert.DoesNotContain("ID_AA64ISAR1_EL1.APA", keys);
        Assert.DoesNotContain("ID_AA64PFR0_EL1.GIC", keys);
        Assert.DoesNotContain("ID_AA64PFR0_EL1.SVE", keys);
        Assert.DoesNotContain("ID_AA64DFR0_EL1.PMUVer", keys);
    }
}
