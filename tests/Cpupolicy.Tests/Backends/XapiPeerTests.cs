using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// Xen 4.17's own <c>xen-cpuid</c> (offline interpret mode) decodes each xapi featureset to exactly the profile's
/// bits. It prints, per word, one name per set bit in bit order; its names are read off an all-ones featureset.
/// </summary>
public partial class XapiPeerTests
{
    private const string XenCpuid = "/usr/lib/xen-4.17/bin/xen-cpuid";

    private static readonly FeatureDatabase Db = TestProfiles.Db;

    [SkippableFact]
    public void Xen_cpuid_decodes_each_featureset_to_exactly_the_profile()
    {
        var tool = Peers.RequireExecutable(XenCpuid);
        var xapi = TestTargets.Backend("xapi");
        var options = TargetOptions.Defaults("xapi");
        var names = Rows(Run(tool, string.Join(":", Enumerable.Repeat("ffffffff", 19)))).ToDictionary(r => r.Word, r => r.Tokens);
        Assert.All(names.Values, tokens => Assert.Equal(32, tokens.Count));
        var problems = new List<string>();
        foreach (var profile in PeerProfiles.All())
        {
            var featureset = FeaturesetLine().Match(xapi.Emit(profile, options)).Groups[1].Value;
            var bits = new HashSet<(int Word, int Bit)>();
            foreach (var (word, tokens) in Rows(Run(tool, featureset.Replace('-', ':'))))
            {
                foreach (var token in tokens)
                {
                    bits.Add((word, names[word].IndexOf(token)));
                }
            }

            Assert.DoesNotContain(bits, b => b.Bit < 0);
            var decoded = FeatureSet.Of(bits.Select(b => Db.FindByXenBit(b.Word, b.Bit)).OfType<FeatureDefinition>());
            var controllable = xapi.Controllable(profile, options);
            if (!(decoded & controllable).Equals(profile.Features & controllable))
            {
                problems.Add($"{profile.Name}: xen-cpuid lost [{string.Join(", ", Db.Expand((profile.Features - decoded) & controllable))}], " +
                    $"gained [{string.Join(", ", Db.Expand((decoded - profile.Features) & controllable))}]");
            }

            // Word 2 may also carry AMD's copies of leaf 1 EDX bits (no feature of their own); nothing else is unowned.
            Assert.All(bits.Where(b => b.Word != 2), b => Assert.NotNull(Db.FindByXenBit(b.Word, b.Bit)));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<(int Word, List<string> Tokens)> Rows(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            var m = Row().Match(line);
            if (m.Success)
            {
                // Names start at column 32, after the padded row label.
                var tokens = line.Length > 32 ? line[32..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList() : [];
                yield return (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), tokens);
            }
        }
    }

    private static string Run(string tool, string featureset)
    {
        var (exitCode, output, _) = ChildProcess.Peer(tool, [featureset]);
        Assert.Equal(0, exitCode);
        return output;
    }

    [GeneratedRegex(@"^\s*\[(\d+)\] ")]
    private static partial Regex Row();

    [GeneratedRegex("^featureset=([0-9a-f-]*)$", RegexOptions.Multiline)]
    private static partial Regex FeaturesetLine();
}
