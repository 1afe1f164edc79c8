using System.Globalization;
using System.Text.Json;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Compiler.Probe;
using Cpupolicy.Compiler.Probe.Arm64;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Probe;

/// <summary>
/// The aarch64 probe under the real qemu-system-aarch64 (7.2, TCG): for named models and property sets, the guest
/// reads exactly the values QEMU's source gives (qemu-7.2-aarch64-models.json, with its sources), and its output
/// is an inventory. One boot per -cpu value (about 0.2 s each), no QEMU kept running.
/// </summary>
public class Arm64ProbePeerTests
{
    private static readonly ProbeRunOptions Tcg = ProbeRunOptions.Default with { Qemu = Arm64ProbeRunner.DefaultQemu, Accelerator = ProbeAccelerator.Tcg };

    private static readonly Lazy<JsonElement> Facts = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "Probe", "qemu-7.2-aarch64-models.json"))).RootElement);

    private static readonly Lazy<IReadOnlyDictionary<string, ulong>> Max = new(() => Boot("max"));

    [SkippableTheory]
    [InlineData("cortex-a53")]
    [InlineData("cortex-a57")]
    [InlineData("cortex-a72")]
    [InlineData("neoverse-n1")]
    public void A_named_model_reads_exactly_its_QEMU_reset_values(string model)
    {
        var expected = Arm64ProbeImage.Default.Registers.ToDictionary(r => r.Name, _ => 0UL);
        foreach (var r in Facts.Value.GetProperty("models").GetProperty(model).EnumerateObject())
        {
            expected[r.Name] = Hex(r.Value.GetString()!);
        }

        foreach (var field in Facts.Value.GetProperty("cleared_on_virt_tcg").EnumerateArray())
        {
            Clear(expected, field.GetString()!);
        }

        expected["CNTFRQ_EL0"] = Hex(Facts.Value.GetProperty("cntfrq_el0").GetString()!);
        AssertRegisters(expected, Boot(model));
    }

    [SkippableTheory]
    [InlineData("sve=off")]
    [InlineData("pauth=off")]
    [InlineData("pmu=off")]
    [InlineData("midr=0x481fd010")]
    public void A_max_property_changes_exactly_the_fields_QEMU_says(string property)
    {
        var effect = Facts.Value.GetProperty("properties").GetProperty(property);
        var expected = new Dictionary<string, ulong>(Max.Value);
        foreach (var name in new[] { "cleared", "also_cleared_observed" })
        {
            if (effect.TryGetProperty(name, out var list))
            {
                foreach (var field in list.EnumerateArray())
                {
                    Clear(expected, field.GetString()!);
                }
            }
        }

        if (effect.TryGetProperty("set", out var set))
        {
            foreach (var r in set.EnumerateObject())
            {
                expected[r.Name] = Hex(r.Value.GetString()!);
            }
        }

        var guest = Boot($"max,{property}");
        Assert.NotEqual(Max.Value, guest); // the property does something on max
        AssertRegisters(expected, guest);
    }

    [SkippableFact]
    public void The_json_output_is_an_ID_register_dump_that_reads_back_to_the_same_registers()
    {
        Peers.RequireQemuAarch64();
        var r = CliRunner.Run("probe", "--arch", "aarch64", "--accel", "tcg", "--qemu-cpu", "neoverse-n1", "--json");
        Assert.Equal(0, r.ExitCode);
        var json = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("aarch64", json.GetProperty("arch").GetString());
        Assert.All(json.GetProperty("registers").EnumerateObject(), reg => Assert.Matches("^0x[0-9a-f]{16}$", reg.Value.GetString()!));
        Assert.Contains("asimddp", json.GetProperty("features").EnumerateArray().Select(f => f.GetString()));

        var host = InventoryReader.Parse(r.Stdout, "probe.json");
        Assert.Equal(InventoryFormat.Arm64Registers, host.Format);
        Assert.Equal("Neoverse-N1", Arm64Database.Default.PartName(host.Arm64!.Midr!.Value.Implementer, host.Arm64.Midr.Value.Part));
        Assert.Equal(json.GetProperty("registers").EnumerateObject().ToDictionary(p => p.Name, p => Hex(p.Value.GetString()!)), host.Arm64.Registers);
    }

    [SkippableFact]
    public void Expect_matches_the_same_cpu_and_names_the_fields_another_differs_in()
    {
        Peers.RequireQemuAarch64();
        var dump = Path.Combine(Path.GetTempPath(), $"cpupolicy-arm64-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, CliRunner.Run("probe", "--arch", "aarch64", "--accel", "tcg", "--qemu-cpu", "max,sve=off", "--save", dump).ExitCode);
            Assert.Equal(0, CliRunner.Run("probe", "--arch", "aarch64", "--accel", "tcg", "--qemu-cpu", "max,sve=off", "--expect", dump).ExitCode);

            var differs = CliRunner.Run("probe", "--arch", "aarch64", "--accel", "tcg", "--qemu-cpu", "max", "--expect", dump, "--json");
            Assert.Equal(3, differs.ExitCode);
            var json = JsonDocument.Parse(differs.Stdout).RootElement;
            Assert.False(json.GetProperty("matches").GetBoolean());
            Assert.Contains(json.GetProperty("differences").EnumerateArray(), d =>
                d.GetProperty("register").GetString() == "ID_AA64PFR0_EL1" && d.GetProperty("field").GetString() == "SVE" && d.GetProperty("guest").GetString() == "IMP");
            Assert.Contains("sve", json.GetProperty("extra").EnumerateArray().Select(f => f.GetString()));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static IReadOnlyDictionary<string, ulong> Boot(string cpu)
    {
        Peers.RequireQemuAarch64();
        var o = Arm64Prober.Observe(cpu, Tcg);
        Assert.Equal(ProbeAccelerator.Tcg, o.Run.Accelerator);
        return o.Registers;
    }

    /// <summary>Clears <c>REG.FIELD</c> (a database field) or a whole <c>REG</c>.</summary>
    private static void Clear(Dictionary<string, ulong> registers, string what)
    {
        if (Arm64Database.Default.FindField(what) is { } field)
        {
            registers[field.Register] = field.With(registers[field.Register], 0);
        }
        else
        {
            Assert.True(registers.ContainsKey(what), $"{what} is neither a database field nor a register the probe reads");
            registers[what] = 0;
        }
    }

    private static void AssertRegisters(IReadOnlyDictionary<string, ulong> expected, IReadOnlyDictionary<string, ulong> guest)
    {
        static string Show(IReadOnlyDictionary<string, ulong> r) =>
            string.Join('\n', r.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={Arm64RegisterDump.Hex(kv.Value)}"));
        Assert.Equal(Show(expected), Show(guest));
    }

    private static ulong Hex(string s) => ulong.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
