using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Backends.Xen;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// Issue 14, item 2: an xl <c>cpuid=</c> is exact on every host of its profile, or compile refuses (CP0530). For every
/// pair of real CPUs of libvirt's test data whose CPUID leaf ranges differ, the profile of both is compiled in both
/// forms; the real libxl (the oracle) parses the artifact, and <see cref="XenGuest"/> (a model of how Xen builds the
/// guest's policy from it on each host) gives what a guest there sees. Every feature the backend can name must then be
/// exactly the profile's, on both hosts; a refusal must name a host and a feature the model says would leak.
/// </summary>
public partial class XenLeafRangeTests
{
    private static readonly FeatureDatabase Db = TestProfiles.Db;

    [SkippableTheory]
    [InlineData("libxl")]
    [InlineData("xend")]
    public void The_artifact_is_exact_on_both_hosts_of_every_pair_with_different_leaf_ranges_or_refused(string format)
    {
        var oracle = Database.LibxlOracle.Require();
        var xen = (XenBackend)TestTargets.Backend("xen");
        var options = TestTargets.Options("xen", ("format", format));
        var release = new XenRelease(Db, XenLayout.DefaultRelease);
        var deps = XenGuest.DeepDeps(release);
        // Within what the backend can name at all; MSR_ARCH_CAPS bits are no leaf's (XenPeerTests covers them).
        var nameable = FeatureSet.Of(Db.Expand(xen.Uncontrollable(options).Aggregate(Db.All, (acc, g) => acc - g.Features)).Where(f => !FeatureDatabase.Default.Xen.Words[f.Xen!.Word].IsMsr));
        var hosts = TestProfiles.Hosts.Where(h => Compiler.Semantics.Binding.HostLeaves.Of(h.Host.Raw) is not null).ToList();

        var cases = new List<(ProfileIr Profile, (string Name, HostCapability Host)[] Pair, string Artifact)>();
        var problems = new List<string>();
        var refused = 0;
        var lowered = 0;
        for (var i = 0; i < hosts.Count; i++)
        {
            for (var j = i + 1; j < hosts.Count; j++)
            {
                var pair = new[] { hosts[i], hosts[j] };
                if (XenGuest.Range(pair[0].Host) == XenGuest.Range(pair[1].Host))
                {
                    continue;
                }

                var profile = TestProfiles.OfHosts("p", pair);
                try
                {
                    cases.Add((profile, pair, xen.Emit(profile, options)));
                }
                catch (DiagnosticException e) when (e.Diagnostic.Code == "CP0530")
                {
                    refused++;
                    var unlowered = XenGuest.Leaks(profile, pair, release, nameable);
                    if (format == "xend")
                    {
                        problems.Add($"{pair[0].Name} + {pair[1].Name}: the xend form refused ({e.Diagnostic.Message}); it can lower every maximum leaf");
                    }
                    else if (!unlowered.Any(l => e.Diagnostic.Message.Contains($"`{l.Host}`", StringComparison.Ordinal)
                        && Db.Expand(l.Features).Any(f => e.Diagnostic.Message.Contains($"`{f.Name}`", StringComparison.Ordinal))))
                    {
                        problems.Add($"{pair[0].Name} + {pair[1].Name}: refused, but names no host and feature the model says would leak: {e.Diagnostic.Message}");
                    }
                }
            }
        }

        Assert.True(cases.Count + refused > 100, $"only {cases.Count + refused} pairs of real CPUs differ in leaf ranges");

        // One oracle run for all artifacts: each libxl string, or each xend item (tagged with its artifact).
        var items = cases.SelectMany((c, k) => (format == "libxl"
            ? [LibxlString().Match(c.Artifact).Groups[1].Value]
            : XendItem().Matches(c.Artifact).Select(m => m.Groups[1].Value)).Select(text => (Case: k, Text: text))).ToList();
        var parsed = oracle.Parse(items.Select(x => x.Text).ToList(), xend: format == "xend");
        var byCase = items.Zip(parsed).GroupBy(x => x.First.Case).ToDictionary(g => g.Key, g => g.Select(x => x.Second).ToList());

        for (var k = 0; k < cases.Count; k++)
        {
            var (profile, pair, artifact) = cases[k];
            var policy = XenGuest.Policy(byCase.GetValueOrDefault(k) ?? []);
            lowered += policy.Keys.Any(key => key.Leaf is 0 or 0x80000000 || (key.Leaf == 7 && key.Register == "eax")) ? 1 : 0;
            foreach (var (name, host) in pair)
            {
                var guest = XenGuest.Boot(host, policy, release, deps, out var refusal);
                if (refusal is not null)
                {
                    problems.Add($"{pair[0].Name} + {pair[1].Name}: Xen would not start the guest on {name}: {refusal}");
                    continue;
                }

                var leaked = Db.Expand((guest - profile.Features) & nameable).Select(f => f.Name).ToList();
                var lost = Db.Expand((profile.Features - guest) & nameable).Select(f => f.Name).ToList();
                if (leaked.Count + lost.Count > 0)
                {
                    problems.Add($"{pair[0].Name} + {pair[1].Name}, guest on {name}: sees {string.Join(", ", leaked)} outside the profile; misses {string.Join(", ", lost)}\n    {artifact.Trim()}");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) ({cases.Count} exact, {refused} refused, {lowered} lowered):\n{string.Join("\n", problems.Take(40))}");
        Assert.True(lowered > 0, "no pair needed a lower maximum leaf");
    }

    [Fact]
    public void A_family_10h_opteron_beside_a_zen_host_gets_a_lower_maximum_leaf_instead_of_leaking_leaf_7()
    {
        // The issue's case: an AMD family 10h (no leaf 7) beside a Zen host. Before, avx2, bmi2 ... were left at Xen's
        // default, so a guest booted on the Zen host saw them. Now libxl's `maxleaf` hides leaf 7 on both hosts.
        var old = TestProfiles.Hosts.First(h => Compiler.Semantics.Binding.HostLeaves.Of(h.Host.Raw) is { MaxBasic: < 7 } && h.Host.Vendor == CpuVendor.Amd);
        var zen = TestProfiles.Hosts.First(h => h.Host.Vendor == CpuVendor.Amd && h.Host.Features.Contains(Db.Find("avx2")!));
        var profile = TestProfiles.OfHosts("p", old, zen);
        var xen = (XenBackend)TestTargets.Backend("xen");
        var artifact = xen.Emit(profile, TestTargets.Options("xen"));
        Assert.Contains($"maxleaf={Compiler.Semantics.Binding.HostLeaves.Of(old.Host.Raw)!.MaxBasic}", artifact, StringComparison.Ordinal);
        Assert.DoesNotContain("avx2=", artifact, StringComparison.Ordinal);
        Assert.Contains(Db.Find("avx2")!, Db.Expand(xen.Controllable(profile, TestTargets.Options("xen"))));
        Assert.False(xen.Decode(artifact, TestTargets.Options("xen")).Contains(Db.Find("avx2")!));
    }

    [GeneratedRegex("cpuid = \"([^\"]*)\"")]
    private static partial Regex LibxlString();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex XendItem();
}

/// <summary>
/// A model of how Xen (4.17) turns an xl.cfg <c>cpuid=</c>, as libxl parsed it, into a guest's CPUID on one host:
/// <list type="bullet">
/// <item>the default policy has the host's leaves (up to its leaf 0, leaf 7 subleaf 0 and leaf 0x80000000 EAX) and, in
/// each, the host's features whose attributes are default-on (A, S, H);</item>
/// <item>libxc fails the domain ("Missing leaf") when the config names a leaf the policy lacks, and Xen refuses a
/// maximum leaf above the host's;</item>
/// <item>each bit is set as the config says (0, 1, x default, k/s host); a stated maximum leaf clears every leaf above
/// it; Xen then clears the dependents (deep_deps of its featureset tables) of every feature that is off.</item>
/// </list>
/// </summary>
internal static class XenGuest
{
    private static FeatureDatabase Db => TestProfiles.Db;

    public static HostLeafRange Range(HostCapability host) => Compiler.Semantics.Binding.HostLeaves.Of(host.Raw)!;

    /// <summary>Xen's deep dependencies, read from the vendored featureset table (not from the database under test).</summary>
    public static Dictionary<FeatureDefinition, List<FeatureDefinition>> DeepDeps(XenRelease release)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoData.Xen, $"featureset-{release.Release}.json")))!;
        var byName = json["features"]!.AsArray()
            .Select(f => (Name: f!["name"]!.GetValue<string>(), Feature: release.FeatureAt(f["word"]!.GetValue<int>(), f["bit"]!.GetValue<int>())))
            .Where(x => x.Feature is not null)
            .ToDictionary(x => x.Name, x => x.Feature!);
        return json["deep_deps"]!.AsObject()
            .Where(d => byName.ContainsKey(d.Key))
            .ToDictionary(d => byName[d.Key], d => d.Value!.AsArray().Select(n => byName.GetValueOrDefault(n!.GetValue<string>())).OfType<FeatureDefinition>().ToList());
    }

    /// <summary>
    /// libxl's CPUID policy from the oracle's JSON (one object per item; xend items are separate leaves, so they merge)
    /// as (leaf, subleaf or null, register) → characters, bit 31 first; a rejected item fails the test.
    /// </summary>
    public static Dictionary<(uint Leaf, uint? Subleaf, string Register), string> Policy(IReadOnlyList<JsonObject> results)
    {
        var policy = new Dictionary<(uint, uint?, string), string>();
        foreach (var result in results)
        {
            Assert.True(result["error"] is null, $"libxl rejected the artifact: {result.ToJsonString()}");
            foreach (var leaf in result["cpuid"]!.AsArray())
            {
                var (number, subleaf) = (leaf!["leaf"]!.GetValue<uint>(), leaf["subleaf"]?.GetValue<uint>());
                foreach (var register in new[] { "eax", "ebx", "ecx", "edx" })
                {
                    if (leaf[register] is { } bits)
                    {
                        policy[(number, subleaf, register)] = bits.GetValue<string>();
                    }
                }
            }
        }

        return policy;
    }

    /// <summary>What a guest on the host sees of Xen's featureset under the parsed config; null refusal when it starts.</summary>
    public static FeatureSet Boot(
        HostCapability host,
        Dictionary<(uint Leaf, uint? Subleaf, string Register), string> policy,
        XenRelease release,
        Dictionary<FeatureDefinition, List<FeatureDefinition>> deps,
        out string? refusal)
    {
        var range = Range(host);
        refusal = null;
        bool HostHasLeaf(uint leaf, uint? subleaf) => leaf >= 0x80000000
            ? leaf <= range.MaxExtended
            : leaf <= range.MaxBasic && (leaf != 7 || (subleaf ?? 0) <= range.MaxLeaf7Subleaf);

        foreach (var (leaf, subleaf, _) in policy.Keys.Where(k => !HostHasLeaf(k.Leaf, k.Subleaf)))
        {
            refusal = $"Missing leaf 0x{leaf:x}, subleaf {subleaf ?? 0}";
            return FeatureSet.Empty;
        }

        uint? Max(uint leaf, uint? subleaf) =>
            policy.TryGetValue((leaf, subleaf, "eax"), out var bits) && bits.All(c => c is '0' or '1') ? Convert.ToUInt32(bits, 2) : null;
        var maxBasic = Max(0, null) ?? range.MaxBasic;
        var maxSubleaf = Max(7, 0) ?? range.MaxLeaf7Subleaf;
        var maxExtended = Max(0x80000000, null) ?? range.MaxExtended;
        if (maxBasic > range.MaxBasic || maxSubleaf > range.MaxLeaf7Subleaf || maxExtended > range.MaxExtended)
        {
            refusal = "a maximum leaf above the host's";
            return FeatureSet.Empty;
        }

        var on = new HashSet<FeatureDefinition>();
        foreach (var f in Db.Features.Where(f => f.Xen is { } x && x.Word < release.WordCount && release.Knows(f)))
        {
            var word = FeatureDatabase.Default.Xen.Words[f.Xen!.Word];
            if (word.Leaf is { } leaf && !(leaf >= 0x80000000 ? leaf <= maxExtended : leaf <= maxBasic && (leaf != 7 || (word.Subleaf ?? 0) <= maxSubleaf)))
            {
                continue; // above the guest's maximum: Xen clears the leaf
            }

            var c = Bit(policy, word, f.Xen.Bit);
            var hostHas = host.Features.Contains(f);
            var visible = c switch
            {
                '0' => false,
                'x' => hostHas && release.IsDefaultOn(f),
                _ => hostHas && release.IsOffered(f),
            };
            if (visible)
            {
                on.Add(f);
            }
        }

        // Xen's sanitising: a feature that is off takes its dependents with it.
        foreach (var (f, dependents) in deps)
        {
            if (!on.Contains(f))
            {
                on.ExceptWith(dependents);
            }
        }

        return FeatureSet.Of(on);
    }

    private static char Bit(Dictionary<(uint Leaf, uint? Subleaf, string Register), string> policy, XenWord word, int bit)
    {
        if (word.IsMsr)
        {
            return 'x';
        }

        return policy.TryGetValue((word.Leaf!.Value, word.Subleaf, word.Register!.Value.ToString().ToLowerInvariant()), out var bits)
            ? bits[bits.Length - 1 - bit]
            : 'x';
    }

    /// <summary>
    /// The leaks of the artifact that sets only the words both hosts have (no lower maximum): per host, the default-on
    /// features outside the profile it would show. What a CP0530 refusal must name.
    /// </summary>
    public static List<(string Host, FeatureSet Features)> Leaks(ProfileIr profile, (string Name, HostCapability Host)[] pair, XenRelease release, FeatureSet nameable)
    {
        var common = pair.Select(p => Range(p.Host)).Aggregate((a, b) => new HostLeafRange(Math.Min(a.MaxBasic, b.MaxBasic), Math.Min(a.MaxLeaf7Subleaf, b.MaxLeaf7Subleaf), Math.Min(a.MaxExtended, b.MaxExtended)));
        return pair.Select(p => (p.Name, Features: FeatureSet.Of(Db.Expand(p.Host.Features & nameable - profile.Features).Where(f =>
                f.Xen is { } x && release.IsDefaultOn(f) && FeatureDatabase.Default.Xen.Words[x.Word] is { Leaf: { } leaf } w
                && (leaf >= 0x80000000 ? leaf > common.MaxExtended : leaf > common.MaxBasic || (leaf == 7 && (w.Subleaf ?? 0) > common.MaxLeaf7Subleaf))))))
            .Where(l => !l.Features.IsEmpty)
            .ToList();
    }
}
