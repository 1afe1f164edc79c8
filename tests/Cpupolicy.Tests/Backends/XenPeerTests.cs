using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Backends.Xen;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// The real libxenlight (Xen 4.17.7, what Debian 12 installs) parses each xen artifact, in both forms, into masks
/// that clear exactly the controllable features outside the profile, force on exactly its opt-in features, and
/// touch nothing else. The oracle is tests/oracles/libxl_cpuid_dump.c (<see cref="Database.LibxlOracle"/>).
/// </summary>
public partial class XenPeerTests
{
    private static readonly FeatureDatabase Db = TestProfiles.Db;

    [SkippableTheory]
    [InlineData("libxl")]
    [InlineData("xend")]
    public void Libxl_parses_each_artifact_into_exactly_the_profiles_masks(string format)
    {
        var xen = TestTargets.Backend("xen");
        var options = TestTargets.Options("xen", ("format", format));
        var release = new XenRelease(Db, "4.17.7");
        var problems = new List<string>();
        foreach (var profile in PeerProfiles.All())
        {
            var artifact = xen.Emit(profile, options);
            var items = format == "libxl"
                ? [LibxlString().Match(artifact).Groups[1].Value]
                : XendItem().Matches(artifact).Select(m => m.Groups[1].Value).ToList();
            var policy = Policy(Database.LibxlOracle.Require().Parse(items, xend: format == "xend"));
            var controllable = xen.Controllable(profile, options);

            // What libxl sets at every bit it touches, against what the profile asks for there.
            var seen = new HashSet<FeatureDefinition>();
            foreach (var ((leaf, subleaf, register), bits) in policy)
            {
                for (var i = 0; i < bits.Length; i++)
                {
                    var c = bits[i];
                    if (c == 'x')
                    {
                        continue;
                    }

                    var f = FeatureAt(release, leaf, subleaf, register, bits.Length - 1 - i);
                    if (f is null || !controllable.Contains(f))
                    {
                        problems.Add($"{profile.Name}: libxl sets `{c}` at {register} of leaf 0x{leaf:x} bit {bits.Length - 1 - i}, which no controllable feature owns");
                        continue;
                    }

                    seen.Add(f);
                    var want = !profile.Features.Contains(f) ? '0' : '1';
                    if (c != want)
                    {
                        problems.Add($"{profile.Name}: {f.Name} is `{c}`, expected `{want}`");
                    }
                }
            }

            foreach (var f in Db.Expand(controllable))
            {
                var mustTouch = !profile.Features.Contains(f) || !release.IsDefaultOn(f);
                if (mustTouch && !seen.Contains(f))
                {
                    problems.Add($"{profile.Name}: {f.Name} is left at Xen's default");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// The oracle's JSON (one object per item; xend items are separate leaves, so they merge) as
    /// (leaf, subleaf or null, register or "msr") → characters, bit 31 (63 for an MSR) first.
    /// </summary>
    private static Dictionary<(uint Leaf, uint? Subleaf, string Register), string> Policy(IReadOnlyList<JsonObject> results)
    {
        var policy = XenGuest.Policy(results);
        foreach (var msr in results.SelectMany(r => r["msr"]?.AsArray() ?? []))
        {
            policy[(msr!["index"]!.GetValue<uint>(), null, "msr")] = msr["policy"]!.GetValue<string>();
        }

        return policy;
    }

    private static FeatureDefinition? FeatureAt(XenRelease release, uint leaf, uint? subleaf, string register, int bit)
    {
        if (register == "msr")
        {
            return leaf == 0x10a ? release.FeatureAt(bit < 32 ? 16 : 17, bit % 32) : null;
        }

        var word = FeatureDatabase.Default.Xen.WordAt(leaf, subleaf, Enum.Parse<CpuidRegister>(register, ignoreCase: true));
        return word is null ? null : release.FeatureAt(word.Index, bit);
    }

    [GeneratedRegex("cpuid = \"([^\"]*)\"")]
    private static partial Regex LibxlString();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex XendItem();
}
