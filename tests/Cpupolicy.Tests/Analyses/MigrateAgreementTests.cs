using System.Globalization;
using System.Text.Json;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Compiler.Backends.Xen;
using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Compiler.Lowering;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// Done-when item 2: <c>migrate</c> agrees with XAPI's rule on every ordered pair of the real CPUs in data/libvirt-11.3.0,
/// whichever backend's artifact describes the VM.
/// <para>
/// The VM is the source host's profile (its baseline as <c>cpupolicy baseline</c> computes it), emitted through
/// every backend and read back by <see cref="VmCpuReader"/> exactly as <c>migrate --vm</c> reads a file; the raw
/// inventory itself is a sixth description. The oracle is XAPI's rule written out independently, on featureset
/// words as XAPI stores them (research xen.md §5.1-5.2): the VM's <c>last_boot_CPU_flags</c> is the featureset the
/// xapi artifact sets; the destination's featureset is its CPU's bits that Xen offers HVM guests (plus AMD's
/// common-1d copies in word 2); compatible iff same vendor and <c>vm[i] &amp; ~host[i] == 0</c> for every word. The
/// destination's featureset is taken from its CPUID, not from bits Xen would synthesise in its max policy.
/// </para>
/// <para>
/// Besides the verdict, the missing list must contain every feature XAPI finds missing, and anything more must be a
/// feature Xen's featureset has no bit for (leaf 6 <c>arat</c>, SVM's leaf ...), which migrate checks as well.
/// Everything runs in-process (about 12,000 checks).
/// </para>
/// </summary>
public class MigrateAgreementTests(ITestOutputHelper output)
{
    private static readonly ModelDatabase Models = ModelDatabase.Default;

    private static FeatureDatabase Db => Models.FeatureDb;

    [Fact]
    public void Migrate_agrees_with_XAPIs_rule_on_every_ordered_pair_whatever_describes_the_VM()
    {
        var raw = RepoData.LibvirtTestData;
        // Every CPU has a .sig beside its raw dump; the other <cpudata> files (-enabled, -disabled) are not CPUs.
        var files = Directory.GetFiles(raw, "x86_64-cpuid-*.sig")
            .Select(sig => sig[..^".sig".Length] + ".xml")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count >= 40, $"expected the 46 raw dumps of data/libvirt-11.3.0/cputestdata, found {files.Count}");
        var registry = BackendRegistry.Default;
        var release = new XenRelease(Db, XenLayout.DefaultRelease);
        var hosts = files.Select(f => FleetHost.From(Path.GetFileName(f)["x86_64-cpuid-".Length..^".xml".Length], InventoryReader.Read(f), Db)).ToList();

        // Per source: its profile's artifacts, each read back as migrate reads --vm, and XAPI's featureset of it.
        var descriptions = new Dictionary<string, List<(string Via, VmCpu Vm)>>(StringComparer.Ordinal);
        var vmWords = new Dictionary<string, uint[]>(StringComparer.Ordinal);
        foreach (var (host, file) in hosts.Zip(files))
        {
            var profile = FleetBaselineCalculator.Compute([host], ModelDatabase.Libvirt11, Models).Profile;
            var list = new List<(string, VmCpu)> { ("inventory", VmCpuReader.Parse(File.ReadAllText(file), file, registry, Models)) };
            foreach (var backend in registry.All)
            {
                var artifact = backend.Emit(profile, TargetOptions.Defaults(backend.Name));
                var vm = VmCpuReader.Parse(artifact, $"{host.Name}{backend.FileSuffix}", registry, Models);
                Assert.Equal(backend.Name, vm.Kind.ToString().ToLowerInvariant());
                list.Add((backend.Name, vm));
                if (backend.Name == "xapi")
                {
                    vmWords[host.Name] = FeaturesetWords(artifact);
                }
            }

            Assert.Equal(VmCpuKind.Inventory, list[0].Item2.Kind);
            descriptions[host.Name] = list;
        }

        var hostWords = hosts.ToDictionary(h => h.Name, h => HostFeatureset(h, release), StringComparer.Ordinal);
        var checks = 0;
        var incompatible = 0;
        var failures = new List<string>();
        foreach (var source in hosts)
        {
            foreach (var destination in hosts.Where(d => d.Name != source.Name))
            {
                var xapiMissing = Missing(vmWords[source.Name], hostWords[destination.Name], release);
                var xapiCompatible = source.Vendor == destination.Vendor && xapiMissing.IsEmpty;
                incompatible += xapiCompatible ? 0 : 1;
                foreach (var (via, vm) in descriptions[source.Name])
                {
                    checks++;
                    var verdict = MigrationCheck.Check(vm, source.Symbol, destination.Symbol);
                    var beyondXen = verdict.Missing - xapiMissing;
                    if (verdict.Compatible != xapiCompatible
                        || verdict.VendorMismatch != (source.Vendor != destination.Vendor)
                        || !xapiMissing.IsSubsetOf(verdict.Missing)
                        || Db.Expand(beyondXen).Any(release.Knows))
                    {
                        failures.Add($"{source.Name} -> {destination.Name} via {via}: ours {(verdict.Compatible ? "compatible" : "incompatible")} " +
                            $"[{string.Join(' ', Db.Expand(verdict.Missing))}], XAPI {(xapiCompatible ? "compatible" : "incompatible")} [{string.Join(' ', Db.Expand(xapiMissing))}]");
                    }
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{checks} checks over {hosts.Count * (hosts.Count - 1)} ordered pairs x 6 descriptions; XAPI says incompatible for {incompatible} pairs"));
        Assert.True(failures.Count == 0, $"{failures.Count} disagreement(s) with XAPI's rule:\n  {string.Join("\n  ", failures.Take(40))}");
        Assert.True(incompatible > 0 && incompatible < hosts.Count * (hosts.Count - 1), "the data should have both verdicts");
    }

    [Fact]
    public void Cli_lists_each_missing_feature_with_every_backends_name_and_exits_3()
    {
        var raw = RepoData.LibvirtTestData;
        var haswell = Path.Combine(raw, "x86_64-cpuid-Xeon-E5-2630-v3.xml");
        var ivy = Path.Combine(raw, "x86_64-cpuid-Core-i7-3770.xml");
        var baseline = CliRunner.Run("baseline", haswell, "--target", "qemu", "--json");
        Assert.Equal(0, baseline.ExitCode);
        var qemu = baseline.Json.GetProperty("artifacts").GetProperty("qemu").GetString()!;

        // The -cpu string inline, the destination an inventory file.
        var result = CliRunner.Run("migrate", "--vm", qemu.Trim(), "--to", ivy, "--from", haswell, "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        var json = result.Json;
        Assert.False(json.GetProperty("compatible").GetBoolean());
        Assert.False(json.GetProperty("vendor_mismatch").GetBoolean());
        Assert.Equal("qemu", json.GetProperty("vm").GetProperty("kind").GetString());
        var missing = json.GetProperty("missing").EnumerateArray().ToList();
        var names = missing.Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.Contains("avx2", names);
        Assert.Contains("bmi2", names);
        Assert.Contains("fma", names);
        foreach (var m in missing)
        {
            var feature = Db.Get(m.GetProperty("name").GetString()!);
            var spelled = m.GetProperty("names");
            Assert.Equal(feature.Spellings.Qemu, Nullable(spelled.GetProperty("qemu")));
            Assert.Equal(feature.Spellings.Libvirt, Nullable(spelled.GetProperty("libvirt")));
            Assert.Equal(feature.Spellings.Linux, Nullable(spelled.GetProperty("linux")));
            Assert.Equal(feature.Spellings.XenFor(XenLayout.DefaultRelease), Nullable(spelled.GetProperty("xen")));
            Assert.Equal(feature.Location.Leaf, m.GetProperty("leaf").GetUInt32());
        }

        // The other way round is fine.
        var back = CliRunner.Run("migrate", "--vm", ivy, "--to", haswell, "--json");
        Assert.True(back.ExitCode == 0, back.Stderr + back.Stdout);
        Assert.Equal("inventory", back.Json.GetProperty("vm").GetProperty("kind").GetString());
    }

    [Fact]
    public void A_last_boot_CPU_flags_value_carries_the_vendor()
    {
        var raw = RepoData.LibvirtTestData;
        var intel = Path.Combine(raw, "x86_64-cpuid-Core-i7-3770.xml");
        var amd = Path.Combine(raw, "x86_64-cpuid-EPYC-7601-32-Core.xml");
        var xapi = CliRunner.Run("baseline", intel, "--target", "xapi", "--json").Json.GetProperty("artifacts").GetProperty("xapi").GetString()!;
        var words = xapi.Split('\n').First(l => l.StartsWith("featureset=", StringComparison.Ordinal))["featureset=".Length..];

        var result = CliRunner.Run("migrate", "--vm", $"vendor: GenuineIntel; features: {words}", "--to", amd, "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        Assert.True(result.Json.GetProperty("vendor_mismatch").GetBoolean());
        Assert.Equal("xapi", result.Json.GetProperty("vm").GetProperty("kind").GetString());

        // Without the vendor key, and no --from, the vendor is unknown: a warning, and only features are compared.
        var bare = CliRunner.Run("migrate", "--vm", words, "--to", intel, "--json");
        Assert.True(bare.ExitCode == 0, bare.Stderr + bare.Stdout);
        Assert.Contains("CP0803", bare.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_xl_cpuid_needs_the_boot_host()
    {
        var raw = RepoData.LibvirtTestData;
        var haswell = Path.Combine(raw, "x86_64-cpuid-Xeon-E5-2630-v3.xml");
        var xen = CliRunner.Run("baseline", haswell, "--target", "xen", "--json").Json.GetProperty("artifacts").GetProperty("xen").GetString()!;
        var dir = Directory.CreateTempSubdirectory("cpupolicy-migrate-");
        try
        {
            var cfg = Path.Combine(dir.FullName, "vm.cfg");
            File.WriteAllText(cfg, "name = \"web01\"\nmemory = 2048\n" + xen);
            var without = CliRunner.Run("migrate", "--vm", cfg, "--to", haswell);
            Assert.Equal(1, without.ExitCode);
            Assert.Contains("CP0804", without.Stderr, StringComparison.Ordinal);

            var with = CliRunner.Run("migrate", "--vm", cfg, "--to", haswell, "--from", haswell, "--json");
            Assert.True(with.ExitCode == 0, with.Stderr + with.Stdout);
            Assert.Equal("xen", with.Json.GetProperty("vm").GetProperty("kind").GetString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_profile_of_the_policy_and_a_host_of_the_policy()
    {
        var policy = Path.Combine(RepoData.RepoRoot, "policy", "examples", "xcpng-homelab.cpupolicy");
        var blocked = CliRunner.Run("migrate", "--policy", policy, "--vm", "haswell-booted", "--to", "zeus", "--json");
        Assert.True(blocked.ExitCode == 3, blocked.Stderr + blocked.Stdout);
        Assert.Equal("profile", blocked.Json.GetProperty("vm").GetProperty("kind").GetString());
        var ok = CliRunner.Run("migrate", "--policy", policy, "--vm", "pool-baseline", "--to", "zeus");
        Assert.True(ok.ExitCode == 0, ok.Stderr + ok.Stdout);

        var typo = CliRunner.Run("migrate", "--policy", policy, "--vm", "pool-baselin", "--to", "zeus");
        Assert.Equal(1, typo.ExitCode);
        Assert.Contains("CP0801", typo.Stderr, StringComparison.Ordinal);
        Assert.Contains("pool-baseline", typo.Stderr, StringComparison.Ordinal);
        var noHost = CliRunner.Run("migrate", "--policy", policy, "--vm", "pool-baseline", "--to", "zues");
        Assert.Equal(1, noHost.ExitCode);
        Assert.Contains("CP0802", noHost.Stderr, StringComparison.Ordinal);
    }

    private static string? Nullable(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetString();

    /// <summary>The hex words of the <c>featureset=</c> line, parsed here rather than by the decoder under test.</summary>
    private static uint[] FeaturesetWords(string artifact) =>
        artifact.Split('\n').First(l => l.StartsWith("featureset=", StringComparison.Ordinal))["featureset=".Length..].Trim()
            .Split('-')
            .Select(w => uint.Parse(w, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToArray();

    /// <summary>XAPI's <c>features_hvm</c> of a host as its CPUID shows it: the bits of its features Xen offers HVM guests.</summary>
    private static uint[] HostFeatureset(FleetHost host, XenRelease release)
    {
        var words = new uint[release.WordCount];
        foreach (var f in Db.Expand(host.Symbol.Capability))
        {
            if (f.Xen is { } x && release.IsOffered(f) && x.Word < words.Length)
            {
                words[x.Word] |= 1u << x.Bit;
            }
        }

        if (host.Vendor is CpuVendor.Amd or CpuVendor.Hygon)
        {
            // AMD mirrors these leaf 1 EDX bits in 0x80000001 EDX (gen-cpuid.py `common_1d`).
            foreach (var bit in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 23, 24 })
            {
                words[2] |= words[0] & (1u << bit);
            }
        }

        return words;
    }

    /// <summary>XAPI's <c>vm[i] &amp; ~host[i]</c>, as features (zero-extending the shorter string).</summary>
    private static FeatureSet Missing(uint[] vm, uint[] host, XenRelease release)
    {
        var missing = new List<int>();
        for (var w = 0; w < vm.Length; w++)
        {
            var bits = vm[w] & ~(w < host.Length ? host[w] : 0u);
            for (var b = 0; b < 32; b++)
            {
                if ((bits & (1u << b)) != 0)
                {
                    var f = release.FeatureAt(w, b);
                    Assert.True(f is not null || w == 2, $"featureset bit {w}:{b} names no feature");
                    if (f is not null)
                    {
                        missing.Add(f.Index);
                    }
                }
            }
        }

        return FeatureSet.Of(missing);
    }
}
