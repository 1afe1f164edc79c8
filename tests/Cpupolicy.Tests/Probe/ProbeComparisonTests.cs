using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Compiler.Probe;

namespace Cpupolicy.Tests.Probe;

/// <summary>How a guest's view is compared with a profile, on a hand-written probe output (no QEMU).</summary>
public class ProbeComparisonTests
{
    private static FeatureDatabase Db => FeatureDatabase.Default;

    [Fact]
    public void Dropped_features_and_their_dependants_are_not_emulated_and_guest_state_bits_are_not_compared()
    {
        // Leaf 1 ECX: pni (0), pclmulqdq (1), osxsave (27); no xsave (26), no aes (25). Leaf 0xD is out of range.
        const string serial = """
            SeaBIOS (version 1.16.2)
            Booting from ROM..
            cpupolicy-probe v1
            cpuid 00000000 00000000 00000001 756e6547 6c65746e 49656e69
            cpuid 00000001 00000000 000306c1 00000800 08000003 00000000
            cpuid 40000000 00000000 00000000 00000000 00000000 00000000
            cpuid 80000000 00000000 80000001 00000000 00000000 00000000
            cpuid 80000001 00000000 00000000 00000000 00000000 00000000
            end
            """;
        Assert.True(Db.Get("xsaveopt").RequiresAll.Contains(Db.Get("xsave")));
        var observation = new ProbeObservation
        {
            Run = new ProbeRun
            {
                Cpu = "test", Accelerator = ProbeAccelerator.Tcg, CommandLine = [], Serial = serial, Stderr = string.Empty, ExitCode = 33, Elapsed = TimeSpan.Zero,
            },
            Guest = ProbeReader.Parse(serial, "serial", InventoryOptions.Default),
            Dropped = new QemuDropReport(Db.SetOf("xsave"), Db.SetOf("aes"), []),
            Knowable = ProbeImageBuilder.Default.Plan.Knowable,
        };
        var profile = Db.SetOf("pni", "xsave", "xsaveopt", "aes");

        var c = ProbeComparison.Compare(observation, profile, Db.All, Db);

        Assert.Equal(Db.SetOf("xsave", "xsaveopt"), c.NotEmulated);
        Assert.Equal(Db.SetOf("aes"), c.Missing);
        Assert.Equal(Db.SetOf("aes"), c.MissingForDependencies); // still missing, with QEMU's reason
        Assert.Equal(Db.SetOf("pclmulqdq"), c.Extra); // osxsave is the guest's own state: not extra
        Assert.False(c.Compared.Contains(Db.Get("osxsave")));
        Assert.True(c.Compared.Contains(Db.Get("avx10"))); // leaf 0x24 is beyond the maximum: known to be absent
        Assert.Contains("cpuid 00000001", observation.ProbeOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("SeaBIOS", observation.ProbeOutput, StringComparison.Ordinal);
    }
}
