using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;
using Xunit.Abstractions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// Issue 23: <c>migrate</c> against libvirt's own CPU comparison, on every x86_64 <c>DO_TEST_COMPARE</c> case of
/// libvirt's tests/cputest.c: the 28 direct ones and the 6 that <c>DO_TEST_UPDATE</c> adds (host vs
/// <c>HOST+CPU</c>). The list and the expected results are copied from cputest.c as the libvirt/libvirt GitHub
/// mirror has it (the newest revision the search index holds; its x86_64 compare list is the same in every revision
/// read, back to 2017); the case files are libvirt 11.3.0's tests/cputestdata (shared/cpu-data/libvirt-cputestdata).
/// <para>
/// Each case is asked twice, <c>migrate --vm CPU --to HOST</c> and with <c>--from HOST</c> (the VM booted on that
/// host: libvirt's question). A verdict class that differs from libvirt's (compatible = IDENTICAL or SUPERSET,
/// incompatible, error) must be listed in libvirt-compare-exceptions.yaml with its reason, and a listed one that no
/// longer occurs fails too. No case may be compatible where libvirt says INCOMPATIBLE, listed or not; every listed
/// difference must say so in the output (<c>differs_from_libvirt</c> and its reason); and the libvirt comparison
/// migrate reports must be exactly cputest.c's result.
/// </para>
/// </summary>
public class LibvirtCompareAgreementTests(ITestOutputHelper output)
{
    /// <summary>(host, cpu, libvirt's result) in cputest.c's order.</summary>
    public static readonly (string Host, string Cpu, string Result)[] Cases =
    [
        ("host", "host", "IDENTICAL"),
        ("host", "host-better", "INCOMPATIBLE"),
        ("host", "host-worse", "SUPERSET"),
        ("host", "host-amd-fake", "INCOMPATIBLE"),
        ("host", "host-incomp-arch", "INCOMPATIBLE"),
        ("host", "host-no-vendor", "IDENTICAL"),
        ("host-no-vendor", "host", "INCOMPATIBLE"),
        ("host", "bogus-model", "ERROR"),
        ("host", "bogus-feature", "ERROR"),
        ("host", "min", "SUPERSET"),
        ("host", "pentium3", "SUPERSET"),
        ("host", "exact", "SUPERSET"),
        ("host", "exact-forbid", "INCOMPATIBLE"),
        ("host", "exact-forbid-extra", "SUPERSET"),
        ("host", "exact-disable", "SUPERSET"),
        ("host", "exact-disable2", "SUPERSET"),
        ("host", "exact-disable-extra", "SUPERSET"),
        ("host", "exact-require", "SUPERSET"),
        ("host", "exact-require-extra", "INCOMPATIBLE"),
        ("host", "exact-force", "SUPERSET"),
        ("host", "strict", "INCOMPATIBLE"),
        ("host", "strict-full", "IDENTICAL"),
        ("host", "strict-disable", "IDENTICAL"),
        ("host", "strict-force-extra", "IDENTICAL"),
        ("host", "guest", "SUPERSET"),
        ("host", "pentium3-amd", "INCOMPATIBLE"),
        ("host-amd", "pentium3-amd", "SUPERSET"),
        ("host-worse", "penryn-force", "IDENTICAL"),
        ("host-SandyBridge", "exact-force-Haswell", "IDENTICAL"),

        // DO_TEST_UPDATE(host, cpu, result) compares host with the updated CPU HOST+CPU.
        ("host", "host+min", "IDENTICAL"),
        ("host", "host+pentium3", "IDENTICAL"),
        ("host", "host+guest", "SUPERSET"),
        ("host", "host+host-model", "IDENTICAL"),
        ("host", "host+host-model-nofallback", "IDENTICAL"),
        ("host-invtsc", "host-invtsc+host-model", "SUPERSET"),
    ];

    [SkippableFact]
    public void Migrate_agrees_with_libvirts_comparison_on_every_x86_64_cputest_case_but_the_listed_ones()
    {
        var data = RepoData.LibvirtTestData;
        var differences = new List<string>();
        var failures = new List<string>();
        foreach (var (host, cpu, expected) in Cases)
        {
            var vm = Path.Combine(data, $"x86_64-{cpu}.xml");
            var to = Path.Combine(data, $"x86_64-{host}.xml");
            foreach (var from in new[] { "none", "host" })
            {
                var args = new List<string> { "migrate", "--vm", vm, "--to", to, "--json" };
                if (from == "host")
                {
                    args.AddRange(["--from", to]);
                }

                var result = CliRunner.Run([.. args]);
                var name = $"{host}/{cpu} (from {from})";
                string ours;
                if (result.ExitCode == 1)
                {
                    ours = "error";
                }
                else
                {
                    Assert.True(result.ExitCode is 0 or 3, $"{name}: exit {result.ExitCode}\n{result.Stderr}");
                    var json = result.Json;
                    ours = json.GetProperty("verdict").GetString()!;
                    Assert.Equal(ours == "compatible", result.ExitCode == 0);
                    var libvirt = json.GetProperty("libvirt");
                    if (libvirt.ValueKind != System.Text.Json.JsonValueKind.Null)
                    {
                        // The comparison migrate reports is libvirt's own, case by case.
                        var reported = libvirt.GetProperty("result").GetString();
                        if (!string.Equals(reported, expected, StringComparison.OrdinalIgnoreCase))
                        {
                            failures.Add($"{name}: libvirt's comparison as migrate reports it is {reported}, cputest.c says {expected}");
                        }
                    }

                    var differs = json.GetProperty("differs_from_libvirt").GetBoolean();
                    if (differs != (Class(expected) != ours) && Class(expected) != "error")
                    {
                        failures.Add($"{name}: differs_from_libvirt is {differs} but the verdict is {ours} and libvirt's {expected}");
                    }

                    if (differs && string.IsNullOrWhiteSpace(json.GetProperty("differs_reason").GetString()))
                    {
                        failures.Add($"{name}: a difference from libvirt without a reason");
                    }
                }

                if (ours == "compatible" && expected == "INCOMPATIBLE")
                {
                    failures.Add($"{name}: compatible where libvirt says INCOMPATIBLE");
                }

                output.WriteLine($"{name,-50} libvirt {expected,-12} cpupolicy {ours}");
                if (Class(expected) != ours)
                {
                    differences.Add(Key($"{host}/{cpu}", from, ours, expected));
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var file = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build()
            .Deserialize<LibvirtCompareExceptionsFile>(File.ReadAllText(ExceptionsPath));
        Assert.All(file.Exceptions, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason), $"{e.Case}: every exception needs a reason"));
        Assert.All(file.Exceptions, e => Assert.False(e.Ours == "compatible" && e.Libvirt == "INCOMPATIBLE", $"{e.Case}: cpupolicy may never be compatible where libvirt is INCOMPATIBLE"));
        var listed = file.Exceptions.Select(e => Key(e.Case, e.From, e.Ours, e.Libvirt)).ToHashSet(StringComparer.Ordinal);
        var unlisted = differences.Where(d => !listed.Contains(d)).ToList();
        var stale = listed.Where(l => !differences.Contains(l)).ToList();
        Assert.True(unlisted.Count == 0, $"{unlisted.Count} difference(s) from libvirt not in libvirt-compare-exceptions.yaml:\n  {string.Join("\n  ", unlisted)}");
        Assert.True(stale.Count == 0, $"libvirt-compare-exceptions.yaml lists differences that no longer occur (remove them):\n  {string.Join("\n  ", stale)}");
    }

    private static string ExceptionsPath => Path.Combine(RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "Analyses", "libvirt-compare-exceptions.yaml");

    private static string Class(string libvirt) => libvirt switch
    {
        "IDENTICAL" or "SUPERSET" => "compatible",
        "INCOMPATIBLE" => "incompatible",
        _ => "error",
    };

    private static string Key(string @case, string from, string ours, string libvirt) => $"{@case} from {from}: ours {ours}, libvirt {libvirt}";
}
