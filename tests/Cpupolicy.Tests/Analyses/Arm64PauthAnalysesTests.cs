using Cpupolicy.Tests.Cli;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// <c>baseline</c>, <c>migrate</c> and <c>compile</c> with paca, which comes from one of three ID-register fields (one
/// per pointer-authentication algorithm): hwcap-only hosts keep it in common, dumps with different algorithms do
/// not, and nothing reports a field a hwcap list never stated.
/// </summary>
public sealed class Arm64PauthAnalysesTests : IDisposable
{
    private const string Qarma5 = "{\"arch\":\"aarch64\",\"registers\":{\"MIDR_EL1\":\"0x481fd010\",\"ID_AA64ISAR1_EL1\":\"0x10\"}}";

    private const string ImpDef = "{\"arch\":\"aarch64\",\"registers\":{\"MIDR_EL1\":\"0x481fd010\",\"ID_AA64ISAR1_EL1\":\"0x100\"}}";

    private const string Cpuinfo = "processor\t: 0\nFeatures\t: fp asimd paca pacg\nCPU implementer\t: 0x48\nCPU architecture: 8\nCPU variant\t: 0x1\nCPU part\t: 0xd01\nCPU revision\t: 0\n";

    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("cpupolicy-arm64-pauth-");

    [Fact]
    public void The_baseline_of_hwcap_hosts_with_paca_keeps_it_without_claiming_a_field()
    {
        var result = CliRunner.Run("baseline", Write("a.txt", Cpuinfo), Write("b.txt", Cpuinfo), "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("paca", Names(result, "features"));
        Assert.DoesNotContain(result.Json.GetProperty("levels").EnumerateObject(), l => l.Name.Contains("ISAR1", StringComparison.Ordinal));
    }

    [Fact]
    public void The_baseline_of_a_qarma5_dump_and_an_impdef_dump_has_no_paca()
    {
        var result = CliRunner.Run("baseline", Write("a.json", Qarma5), Write("b.json", ImpDef), "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("paca", Names(result, "features"));
    }

    [Fact]
    public void Migrate_between_different_algorithms_is_cp1032_and_to_a_hwcap_host_reports_no_invented_field()
    {
        var refused = CliRunner.Run("migrate", "--vm", Write("a.json", Qarma5), "--to", Write("b.json", ImpDef));
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("CP1032", refused.Stderr, StringComparison.Ordinal);

        // A hwcap host with paca may use either algorithm: neither direction reports a PAuth field missing.
        foreach (var (vm, to) in new[] { ("a.json", "c.txt"), ("c.txt", "b.json") })
        {
            Write("c.txt", Cpuinfo);
            var result = CliRunner.Run("migrate", "--vm", Path.Combine(temp.FullName, vm), "--to", Path.Combine(temp.FullName, to), "--json");
            Assert.DoesNotContain("CP1032", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(Names(result, "missing"), n => n.StartsWith("ID_AA64ISAR", StringComparison.Ordinal) || n == "paca");
        }
    }

    [Fact]
    public void A_profile_that_adds_paca_over_hosts_of_different_algorithms_is_warned()
    {
        Write("a.json", Qarma5);
        Write("b.json", ImpDef);
        var policy = Write("p.cpupolicy", "host a from \"a.json\"\nhost b from \"b.json\"\nprofile p = baseline(a, b) + {paca}\nprofile q = baseline(a, b)\n");
        var result = CliRunner.Run("check", policy);
        Assert.Contains("CP1031", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n'), l => l.Contains("CP1031", StringComparison.Ordinal));
    }

    public void Dispose() => temp.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(temp.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static List<string> Names(CliResult result, string key) =>
        result.Json.GetProperty(key).EnumerateArray().Select(e => e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString()! : e.GetProperty("name").GetString()!).ToList();
}
