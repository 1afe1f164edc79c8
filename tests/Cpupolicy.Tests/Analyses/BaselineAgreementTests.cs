using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Tests.Infrastructure;
using Xunit.Abstractions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// Done-when item 1: <c>cpupolicy baseline</c> agrees with libvirt's own baseline, feature for feature.
/// <para>
/// What is comparable. libvirt's <c>cpu-baseline</c> (<c>virCPUx86Baseline</c>) intersects host CPU definitions, the
/// <c>&lt;cpu&gt;</c>s libvirt decodes from raw CPUID (host model + extra features, broken TSX dropped), within the
/// names of its cpu_map, and then names the intersection with a model (its guest decode, the input CPUs' models
/// preferred). The comparable level of ours is therefore <see cref="FleetBaseline.Raw"/> (the CPUs as their dumps state
/// them, broken TSX dropped) restricted to the 9.0.0 map's names, and the model <see cref="BaselineModelChooser"/>
/// picks for that set. Our headline baseline, <see cref="FleetBaseline.Features"/>, is deliberately smaller: it is
/// what a hypervisor offers a guest by default, so host-only bits libvirt keeps (<c>ds</c>, <c>tm2</c>, <c>vmx</c>,
/// <c>invtsc</c> ...) are not in it; it is checked to be within the raw level here. Vendors: libvirt refuses to
/// baseline CPUs of different vendors ("CPU vendors do not match"); we give the common features and say that live
/// migration across vendors is impossible, so for mixed sets what is compared is that both see the mismatch.
/// </para>
/// <para>
/// The second oracle is libvirt's expected results in cputestdata (<c>x86_64-cpuid-baseline-A+B.xml</c>, 9.0.0 and
/// 11.3.0): there the inputs are the CPUs QEMU/KVM reported (<c>-json.xml</c>), read here as inventories, and the
/// comparison is the same: intersection within the catalog's names, and the model.
/// </para>
/// Every difference must be listed, with its reason, in baseline-exceptions.yaml; a listed one that no longer occurs
/// fails too.
/// </summary>
public class BaselineAgreementTests(ITestOutputHelper output)
{
    /// <summary>libvirt's tests/cputest.c: which two CPUs each expected baseline file is made of.</summary>
    private static readonly Dictionary<string, (string A, string B)> ExpectedPairs = new(StringComparer.Ordinal)
    {
        ["Ryzen+Rome"] = ("Ryzen-7-1800X-Eight-Core", "Ryzen-9-3900X-12-Core"),
        ["EPYC+Rome"] = ("EPYC-7601-32-Core", "EPYC-7502-32-Core"),
        ["Haswell-noTSX-IBRS+Skylake"] = ("Xeon-E5-2609-v3", "Xeon-Gold-6148"),
        ["Haswell-noTSX-IBRS+Skylake-IBRS"] = ("Xeon-E5-2609-v3", "Xeon-Gold-6130"),
        ["Broadwell-IBRS+Cascadelake"] = ("Xeon-E5-2623-v4", "Xeon-Platinum-8268"),
        ["Cascadelake+Skylake-IBRS"] = ("Xeon-Platinum-8268", "Xeon-Gold-6130"),
        ["Cascadelake+Skylake"] = ("Xeon-Platinum-9242", "Xeon-Gold-6148"),
        ["Cascadelake+Icelake"] = ("Xeon-Platinum-9242", "Ice-Lake-Server"),
        ["Cooperlake+Icelake"] = ("Cooperlake", "Ice-Lake-Server"),
        ["Cooperlake+Cascadelake"] = ("Cooperlake", "Xeon-Platinum-9242"),
        ["Skylake-Client+Server"] = ("Core-i5-6600", "Xeon-Gold-6148"),
        ["Haswell-noTSX-IBRS+Broadwell"] = ("Xeon-E5-2609-v3", "Xeon-E5-2650-v4"),
        ["Haswell+Skylake"] = ("Xeon-E7-8890-v3", "Xeon-Gold-5115"),
    };

    private static readonly ModelDatabase Models = ModelDatabase.Default;

    private static FeatureDatabase Db => Models.FeatureDb;

    [SkippableFact]
    public void Pairs_and_triples_agree_with_virsh_cpu_baseline()
    {
        var virsh = Peers.RequireExecutable("virsh");
        var raw = RepoData.LibvirtTestData;
        var expected9 = RepoData.LibvirtTestData900;
        var cpus = Directory.GetFiles(expected9, "x86_64-cpuid-*-host.xml")
            .Select(f => Path.GetFileName(f)["x86_64-cpuid-".Length..^"-host.xml".Length])
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(cpus.Count >= 40, $"expected the 46 CPUs of data/libvirt-9.0.0/cputestdata, found {cpus.Count}");
        var hosts = cpus.ToDictionary(c => c, c => FleetHost.From(c, InventoryReader.Read(Path.Combine(raw, $"x86_64-cpuid-{c}.xml")), Db), StringComparer.Ordinal);

        // Every same-vendor pair, 120 same-vendor triples drawn with a fixed seed, and a few cross-vendor pairs.
        var sets = new List<string[]>();
        for (var i = 0; i < cpus.Count; i++)
        {
            for (var j = i + 1; j < cpus.Count; j++)
            {
                if (hosts[cpus[i]].Vendor == hosts[cpus[j]].Vendor)
                {
                    sets.Add([cpus[i], cpus[j]]);
                }
            }
        }

        var random = new Random(20260);
        while (sets.Count(s => s.Length == 3) < 120)
        {
            var triple = cpus.OrderBy(_ => random.Next()).Take(3).ToArray();
            if (triple.Select(c => hosts[c].Vendor).Distinct().Count() == 1)
            {
                sets.Add(triple);
            }
        }

        var mixed = cpus.Where(c => hosts[c].Vendor != CpuVendor.Intel).Select(c => new[] { cpus.First(x => hosts[x].Vendor == CpuVendor.Intel), c }).ToList();

        var work = Directory.CreateTempSubdirectory("cpupolicy-baseline-");
        try
        {
            var files = sets.Select((set, k) => WriteHostCpus(work.FullName, $"set{k}", set, expected9)).ToList();
            var answers = RunVirshBaselines(virsh, files);
            Assert.Equal(sets.Count, answers.Count);

            var differences = new List<string>();
            var table = new StringBuilder();
            var agree = 0;
            var unsound = 0;
            var modelMismatches = new List<string>();
            var nameable = CatalogNames.Nameable(ModelDatabase.Libvirt9, Db);
            for (var k = 0; k < sets.Count; k++)
            {
                var members = sets[k].Select(c => hosts[c]).ToList();
                var baseline = FleetBaselineCalculator.Compute(members, ModelDatabase.Libvirt9, Models);
                var ours = baseline.Raw & nameable;
                var fit = FleetBaselineCalculator.Fit(ModelDatabase.Libvirt9, members, baseline.Raw, baseline.Vendor, Models);
                var (model, present, disabled) = answers[k];
                var diffs = Compare(ours, fit, model, present, disabled);

                // Our guest-visible baseline is a subset of the raw one, plus `hypervisor` (every guest sees it) and
                // broken TSX: libvirt drops hle/rtm on Haswell-era CPUs whose TSX is broken, while a host's guest view
                // (HostSymbol, shared with the policy binder) still has them if the dump states them.
                var brokenTsx = members.Select(h => HostReport.Create(h.Inventory).Dropped).Aggregate((a, b) => a | b);
                var outside = baseline.Features - baseline.Raw - Db.SetOf("hypervisor") - brokenTsx;
                Assert.True(outside.IsEmpty, $"{string.Join('+', sets[k])}: guest baseline has features no CPU states: {string.Join(' ', Db.Expand(outside))}");

                if (diffs.Count == 0)
                {
                    agree++;
                }

                // Issue 14, item 3: `baseline --target libvirt` (the QEMU/KVM guest view) gives virsh's model line
                // wherever libvirt's answer is sound: its model, less what it disables, is within every host's KVM view.
                var kvm = FleetBaselineCalculator.Compute(members, ModelDatabase.Libvirt9, Models, GuestKinds.Kvm);
                var theirs = Models.Find(ModelDatabase.Libvirt9, model);
                var sound = theirs is not null && ((theirs.Features - disabled) & nameable).IsSubsetOf(kvm.Features);
                if (!sound)
                {
                    unsound++;
                }
                else if (kvm.Model?.Model.Name != model)
                {
                    modelMismatches.Add($"{string.Join('+', sets[k])}: baseline --target libvirt names {kvm.Model?.Model.Name ?? "no model"}, virsh cpu-baseline {model}");
                }

                differences.AddRange(diffs.Select(d => Key("virsh", string.Join('+', sets[k]), d)));
            }

            table.AppendLine(CultureInfo.InvariantCulture, $"virsh cpu-baseline (libvirt 9.0.0): {agree} of {sets.Count} sets agree in features, disabled features and model");
            table.AppendLine(CultureInfo.InvariantCulture, $"baseline --target libvirt: {sets.Count - unsound - modelMismatches.Count} of {sets.Count - unsound} sets with a sound libvirt answer name its model ({unsound} unsound)");
            Assert.True(modelMismatches.Count == 0, $"{modelMismatches.Count} model line(s) differ from virsh cpu-baseline:\n{string.Join("\n", modelMismatches)}");

            foreach (var pair in mixed)
            {
                var file = WriteHostCpus(work.FullName, "mixed-" + string.Join('+', pair), pair, expected9);
                var (code, _, stderr) = Run(virsh, ["-c", "test:///default", "cpu-baseline", file]);
                var baseline = FleetBaselineCalculator.Compute(pair.Select(c => hosts[c]).ToList(), ModelDatabase.Libvirt9, Models);
                if (code == 0 || !stderr.Contains("vendors do not match", StringComparison.Ordinal) || !baseline.MixedVendors || baseline.Vendor != CpuVendor.Unknown)
                {
                    differences.Add(Key("virsh", string.Join('+', pair), $"vendors: libvirt exit {code} ({stderr.Trim()}), ours mixed={baseline.MixedVendors}"));
                }
            }

            table.AppendLine(CultureInfo.InvariantCulture, $"cross-vendor pairs: {mixed.Count}, libvirt refuses each and cpupolicy reports each as mixed");
            output.WriteLine(table.ToString());
            AssertMatchesExceptions("virsh", differences);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void Libvirt_expected_baselines_agree()
    {
        var dir11 = RepoData.LibvirtTestData;
        var dir9 = RepoData.LibvirtTestData900;
        var differences = new List<string>();
        var checkedFiles = 0;
        foreach (var (catalog, dir) in new[] { (ModelDatabase.Libvirt9, dir9), (ModelDatabase.Libvirt11, dir11) })
        {
            var nameable = CatalogNames.Nameable(catalog, Db);
            var options = new InventoryOptions { Models = Models, LibvirtCatalog = catalog };
            foreach (var file in Directory.GetFiles(dir, "x86_64-cpuid-baseline-*.xml").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file)["x86_64-cpuid-baseline-".Length..^".xml".Length];
                Assert.True(ExpectedPairs.TryGetValue(name, out var pair), $"{file}: which CPUs is `{name}` made of? Add it from libvirt's tests/cputest.c");

                // A -json.xml missing from the 9.0.0 folder is identical to 11.3.0's (data/libvirt-9.0.0/README.md).
                string Input(string cpu) => new[] { dir, dir11 }.Select(d => Path.Combine(d, $"x86_64-cpuid-{cpu}-json.xml")).First(File.Exists);
                var inputs = new[] { pair.A, pair.B }.Select(c => InventoryReader.Read(Input(c), options)).ToList();
                var hosts = inputs.Select((h, i) => FleetHost.From(i == 0 ? pair.A : pair.B, h, Db)).ToList();
                var intersection = inputs.Select(h => h.Features).Aggregate((a, b) => a & b);
                var preferred = inputs.Select(h => h.StatedModel).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                var vendor = inputs.Select(h => h.Vendor).Distinct().Single();
                var fit = BaselineModelChooser.ChooseLibvirt(catalog, Models.InCatalog(catalog), intersection, nameable, vendor, preferred);
                var expected = InventoryReader.Read(file, options);

                var diffs = new List<string>();
                if (fit?.Model.Name != expected.StatedModel)
                {
                    diffs.Add($"model: {fit?.Model.Name ?? "none"} vs {expected.StatedModel}");
                }

                var ours = intersection & nameable;
                var theirs = expected.Features & nameable;
                diffs.AddRange(Db.Expand(ours - theirs).Select(f => $"only-ours: {f.Name}"));
                diffs.AddRange(Db.Expand(theirs - ours).Select(f => $"only-libvirt: {f.Name}"));
                differences.AddRange(diffs.Select(d => Key("expected", $"{catalog}/{name}", d)));
                output.WriteLine($"{catalog} {name}: ours {fit?.Model.Name} vs libvirt {expected.StatedModel}; {(diffs.Count == 0 ? "agree" : string.Join("; ", diffs))}");
                Assert.NotEmpty(hosts);
                checkedFiles++;
            }
        }

        Assert.True(checkedFiles >= 17, $"expected 8 (9.0.0) + 9 (11.3.0) baseline files, found {checkedFiles}");
        AssertMatchesExceptions("expected", differences);
    }

    [Fact]
    public void Libvirt_cost_counts_only_the_first_half_of_the_disabled_features()
    {
        // A (newer) has every baseline feature and 3 more, which would be disabled; C has 7 fewer than the baseline.
        // libvirt's loop counts ceil(3/2) = 2 disabled features with penalties 2 and 3 and the third as 1: A costs 6,
        // C costs 7, so A wins (a full 2+3+4 penalty would make A cost 9 and pick C, unlike libvirt).
        var db = Db;
        var baseline = db.SetOf("sse", "sse2", "ssse3", "sse4.1", "sse4.2", "popcnt", "aes", "pclmulqdq");
        var a = new CpuModel { Name = "A", Source = ModelSource.Libvirt, Release = "9.0.0", Features = baseline | db.SetOf("avx", "f16c", "fma"), Order = 2 };
        var c = new CpuModel { Name = "C", Source = ModelSource.Libvirt, Release = "9.0.0", Features = db.SetOf("sse"), Order = 1 };
        var nameable = a.Features;

        var fit = BaselineModelChooser.ChooseLibvirt(ModelDatabase.Libvirt9, [a, c], baseline, nameable, CpuVendor.Intel, [])!;
        Assert.Equal("A", fit.Model.Name);
        Assert.Equal(db.SetOf("avx", "f16c", "fma"), fit.Missing);
        Assert.True(fit.Extra.IsEmpty);

        // The only preferred model wins outright, whatever its cost.
        var preferred = BaselineModelChooser.ChooseLibvirt(ModelDatabase.Libvirt9, [a, c], baseline, nameable, CpuVendor.Intel, ["C"])!;
        Assert.Equal("C", preferred.Model.Name);
        Assert.Equal(baseline - db.SetOf("sse"), preferred.Extra);

        // A model of another vendor is never a candidate.
        var amd = a with { Name = "Amd", Vendor = CpuVendor.Amd };
        Assert.Equal("C", BaselineModelChooser.ChooseLibvirt(ModelDatabase.Libvirt9, [amd, c], baseline, nameable, CpuVendor.Intel, [])!.Model.Name);
    }

    private static List<string> Compare(FeatureSet ours, ModelFit? fit, string model, FeatureSet present, FeatureSet disabled)
    {
        var diffs = new List<string>();
        if (fit?.Model.Name != model)
        {
            diffs.Add($"model: {fit?.Model.Name ?? "none"} vs {model}");
        }

        diffs.AddRange(Db.Expand(ours - present).Select(f => $"only-ours: {f.Name}"));
        diffs.AddRange(Db.Expand(present - ours).Select(f => $"only-libvirt: {f.Name}"));
        var ourDisabled = fit?.Missing ?? FeatureSet.Empty;
        diffs.AddRange(Db.Expand(ourDisabled - disabled).Select(f => $"disabled-only-ours: {f.Name}"));
        diffs.AddRange(Db.Expand(disabled - ourDisabled).Select(f => $"disabled-only-libvirt: {f.Name}"));
        return diffs;
    }

    /// <summary>One file holding each CPU's libvirt host definition, which virsh reads as several &lt;cpu&gt; elements.</summary>
    private static string WriteHostCpus(string dir, string name, IEnumerable<string> cpus, string expectedDir)
    {
        var path = Path.Combine(dir, name + ".xml");
        File.WriteAllText(path, string.Concat(cpus.Select(c => File.ReadAllText(Path.Combine(expectedDir, $"x86_64-cpuid-{c}-host.xml")))));
        return path;
    }

    /// <summary>
    /// <c>cpu-baseline --features</c> for every file, many per virsh process (commands joined by <c>;</c>), so the
    /// ~800 baselines take seconds: the model, the required features and the disabled features of each answer.
    /// </summary>
    private static List<(string Model, FeatureSet Present, FeatureSet Disabled)> RunVirshBaselines(string virsh, IReadOnlyList<string> files)
    {
        var byLibvirt = Db.Features.Where(f => f.Spellings.Libvirt is not null).ToDictionary(f => f.Spellings.Libvirt!, StringComparer.Ordinal);
        var answers = new List<(string, FeatureSet, FeatureSet)>();
        foreach (var chunk in files.Chunk(150))
        {
            var (code, stdout, stderr) = Run(virsh, ["-c", "test:///default", string.Join("; ", chunk.Select(f => $"cpu-baseline --features {f}"))]);
            Assert.True(code == 0 && stderr.Trim().Length == 0, $"virsh failed ({code}): {stderr}");
            foreach (var block in stdout.Split("</cpu>").Where(b => b.Contains("<cpu", StringComparison.Ordinal)))
            {
                var cpu = XElement.Parse(block.Trim() + "</cpu>");
                var features = cpu.Elements("feature").Select(e => (Policy: (string?)e.Attribute("policy"), Feature: byLibvirt[(string)e.Attribute("name")!])).ToList();
                answers.Add((
                    (string)cpu.Element("model")!,
                    FeatureSet.Of(features.Where(f => f.Policy != "disable").Select(f => f.Feature)),
                    FeatureSet.Of(features.Where(f => f.Policy == "disable").Select(f => f.Feature))));
            }
        }

        return answers;
    }

    private static (int Code, string Stdout, string Stderr) Run(string program, IReadOnlyList<string> args) => ChildProcess.Peer(program, args);

    private static string Key(string oracle, string cpus, string difference) => $"{oracle} {cpus}: {difference}";

    private static void AssertMatchesExceptions(string oracle, List<string> differences)
    {
        var path = Path.Combine(RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "Analyses", "baseline-exceptions.yaml");
        var file = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build()
            .Deserialize<BaselineExceptionsFile>(File.ReadAllText(path));
        Assert.All(file.Exceptions, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason), $"{e.Cpus}: every exception needs a reason"));
        var listed = file.Exceptions.Where(e => e.Oracle == oracle).Select(e => Key(e.Oracle, e.Cpus, e.Difference)).ToHashSet(StringComparer.Ordinal);
        var unlisted = differences.Where(d => !listed.Contains(d)).ToList();
        var stale = listed.Where(l => !differences.Contains(l)).ToList();
        Assert.True(unlisted.Count == 0, $"{unlisted.Count} difference(s) from libvirt not in baseline-exceptions.yaml:\n  {string.Join("\n  ", unlisted.Take(60))}");
        Assert.True(stale.Count == 0, $"baseline-exceptions.yaml lists differences that no longer occur (remove them):\n  {string.Join("\n  ", stale)}");
    }
}
