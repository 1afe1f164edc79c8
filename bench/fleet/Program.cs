using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Bench.Fleet;

// Fleet analyses at scale. The fleet is drawn from the 46 real CPUs of the repository's data/: each synthetic host is one
// of them as libvirt 9.0.0 decodes it (its -host.xml), with up to three of its extra <feature>s dropped at random (a
// BIOS option, a microcode update), so hosts differ without being made up. A fixed seed makes every run alike.
//
// 1. Baseline of --hosts Intel hosts (default 1,000): `cpupolicy`'s FleetBaselineCalculator on the parsed hosts
//    (parsing included: both sides read the same XML text) against `virsh -c test:///default cpu-baseline --features`
//    on one file holding the same <cpu> elements (libvirt's own code, which also parses). The answers are compared
//    feature for feature, model included.
// 2. Migration matrix of --vms VMs (default 10,000) x the hosts, Intel and AMD: MigrationMatrix against naive
//    per-pair checks done the obvious way (two HashSet<string> of feature names and a vendor string per pair,
//    IsSubsetOf). The naive check runs on the first --naive-sample VMs against every host (its per-pair rate is
//    steady, so the full time is extrapolated); the verdicts of that sample are compared with the matrix.
// Times are medians of --runs runs after three warm-ups and a pause for the JIT; CPU time (user + system) is shown beside wall time, since the
// machine is shared.
var options = Options.Parse(args);
var hostDir = Path.Combine(FindRepoRoot(), "data", "libvirt-9.0.0", "cputestdata");
var models = ModelDatabase.Default;
var db = models.FeatureDb;
var random = new Random(2026);
var cpus = Directory.GetFiles(hostDir, "x86_64-cpuid-*-host.xml").Order(StringComparer.Ordinal)
    .Select(f => (Name: Path.GetFileName(f)["x86_64-cpuid-".Length..^"-host.xml".Length], Xml: XElement.Parse(File.ReadAllText(f))))
    .ToList();
Console.WriteLine($"fleet bench: {options.Hosts} hosts, {options.Vms} VMs, median of {options.Runs} runs; {Environment.ProcessorCount} CPUs; .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine($"drawn from {cpus.Count} real CPUs in {hostDir}");

// --- 1. baseline -------------------------------------------------------------------------------------------------
var intel = cpus.Where(c => (string?)c.Xml.Element("vendor") == "Intel").ToList();
var hostTexts = Enumerable.Range(0, options.Hosts).Select(i => Vary(intel[i % intel.Count].Xml, random)).ToList();
var fleetFile = Path.Combine(Path.GetTempPath(), $"cpupolicy-fleet-{Environment.ProcessId}.xml");
File.WriteAllText(fleetFile, string.Concat(hostTexts));
var inventoryOptions = new InventoryOptions { Models = models, LibvirtCatalog = ModelDatabase.Libvirt9 };

FleetBaseline OurBaseline()
{
    var hosts = hostTexts.Select((t, i) => FleetHost.From($"host{i}", InventoryReader.Parse(t, $"host{i}.xml", inventoryOptions), db)).ToList();
    return FleetBaselineCalculator.Compute(hosts, ModelDatabase.Libvirt9, models);
}

var ours = Measure(options.Runs, () => OurBaseline());
var theirs = Measure(options.Runs, () => Virsh("cpu-baseline", "--features", fleetFile), children: true);
var virshStartup = Measure(options.Runs, () => Virsh("--version"), children: true);
var baseline = OurBaseline();
var nameable = CatalogNames.Nameable(ModelDatabase.Libvirt9, db);
var fit = FleetBaselineCalculator.Fit(ModelDatabase.Libvirt9, baseline.Hosts, baseline.Raw, baseline.Vendor, models);
var answer = XElement.Parse(Virsh("cpu-baseline", "--features", fleetFile).Trim());
var byLibvirt = db.Features.Where(f => f.Spellings.Libvirt is not null).ToDictionary(f => f.Spellings.Libvirt!, StringComparer.Ordinal);
var present = FeatureSet.Of(answer.Elements("feature").Where(e => (string?)e.Attribute("policy") != "disable").Select(e => byLibvirt[(string)e.Attribute("name")!]));
var agree = present.Equals(baseline.Raw & nameable) && fit?.Model.Name == (string?)answer.Element("model");
Console.WriteLine();
Console.WriteLine($"baseline of {options.Hosts} hosts (parse + intersect + model):");
Console.WriteLine($"  cpupolicy  wall {ours.Wall * 1000,9:F1} ms   cpu {ours.Cpu * 1000,9:F1} ms");
Console.WriteLine($"  virsh      wall {theirs.Wall * 1000,9:F1} ms   cpu {theirs.Cpu * 1000,9:F1} ms   (a bare `virsh --version`: wall {virshStartup.Wall * 1000:F0} ms, cpu {virshStartup.Cpu * 1000:F0} ms)");
Console.WriteLine($"  answers:   {(agree ? "identical" : "DIFFERENT")} ({fit?.Model.Name} + {(baseline.Raw & nameable).Count} features; virsh {(string?)answer.Element("model")} + {present.Count})");
Console.WriteLine($"  guest-visible baseline: {baseline.Features.Count} features; {baseline.Models.Count} catalogs named");

// 1b. With CPUPOLICY_NATIVE_DIR (a folder scripts/publish.sh filled; bench/fleet/run.sh and bench/run.sh set it): the
//     same baseline as one whole process of the shipped NativeAOT `cpupolicy baseline` (start-up, reading the 1,000
//     hosts from 1,000 files, the JSON answer), against the whole virsh process above, and the same model.
var nativeDir = Environment.GetEnvironmentVariable("CPUPOLICY_NATIVE_DIR");
if (!string.IsNullOrEmpty(nativeDir))
{
    var hostFolder = Directory.CreateTempSubdirectory("cpupolicy-fleet-hosts-").FullName;
    var hostFiles = hostTexts.Select((t, i) =>
    {
        var path = Path.Combine(hostFolder, $"host{i:D4}.xml");
        File.WriteAllText(path, t);
        return path;
    });
    string[] nativeArgs = ["baseline", "--catalog", "libvirt-9.0.0", "--target", "libvirt", "--json", .. hostFiles];
    var native = Path.Combine(nativeDir, "cpupolicy");
    var nativeTime = Measure(options.Runs, () => Run(native, nativeArgs), children: true);
    var nativeModel = (string?)System.Text.Json.Nodes.JsonNode.Parse(Run(native, nativeArgs))?["model_name"];
    Directory.Delete(hostFolder, recursive: true);
    Console.WriteLine($"  native `cpupolicy baseline`, whole process: wall {nativeTime.Wall * 1000,9:F1} ms   cpu {nativeTime.Cpu * 1000,9:F1} ms   model {nativeModel} ({(nativeModel == (string?)answer.Element("model") ? "same as virsh" : "DIFFERENT from virsh")})");
    Console.WriteLine(Invariant($"RESULT fleet-baseline-native time_s={nativeTime.Wall:F4} peer_s={theirs.Wall:F4} ratio={nativeTime.Wall / theirs.Wall:F3} (cpu: {nativeTime.Cpu:F3} s vs {theirs.Cpu:F3} s, ratio {nativeTime.Cpu / Math.Max(theirs.Cpu, 0.01):F3})"));
    agree &= nativeModel == (string?)answer.Element("model");
}

File.Delete(fleetFile);

// --- 2. migration matrix -----------------------------------------------------------------------------------------
var fleet = Enumerable.Range(0, options.Hosts)
    .Select(i => cpus[i % cpus.Count])
    .Select((c, i) => FleetHost.From($"host{i}", InventoryReader.Parse(Vary(c.Xml, random), $"host{i}.xml", inventoryOptions), db))
    .ToList();
var vms = Enumerable.Range(0, options.Vms).Select(_ =>
{
    // A VM booted on some host of the fleet, with up to two features (and what depends on them) masked off.
    var boot = fleet[random.Next(fleet.Count)];
    var features = boot.Symbol.DefaultView;
    for (var k = random.Next(3); k > 0; k--)
    {
        var drop = db[features.ElementAt(random.Next(features.Count))];
        features = features - FeatureSet.Of([drop.Index]) - drop.DependantsAll;
    }

    return (Features: features, boot.Vendor);
}).ToList();
var hostsForMatrix = fleet.Select(h => (h.Symbol.Capability, h.Vendor)).ToList();
var matrixTime = Measure(options.Runs, () => MigrationMatrix.Compute(vms, hostsForMatrix, db.Features.Count));
var matrix = MigrationMatrix.Compute(vms, hostsForMatrix, db.Features.Count);

// The naive way: feature names as strings, a set per VM and per host, one IsSubsetOf and a vendor compare per pair.
var sample = Math.Min(options.NaiveSample, vms.Count);
var naiveVms = vms.Take(sample).Select(v => (Names: db.Expand(v.Features).Select(f => f.Name).ToHashSet(StringComparer.Ordinal), Vendor: v.Vendor.CpuidString())).ToList();
var naiveHosts = fleet.Select(h => (Names: db.Expand(h.Symbol.Capability).Select(f => f.Name).ToHashSet(StringComparer.Ordinal), Vendor: h.Vendor.CpuidString())).ToList();
bool[,]? naive = null;
var naiveTime = Measure(Math.Max(1, options.Runs / 2), () =>
{
    var result = new bool[sample, naiveHosts.Count];
    for (var v = 0; v < sample; v++)
    {
        for (var h = 0; h < naiveHosts.Count; h++)
        {
            result[v, h] = naiveVms[v].Vendor == naiveHosts[h].Vendor && naiveVms[v].Names.IsSubsetOf(naiveHosts[h].Names);
        }
    }

    naive = result;
    return result;
});
var mismatches = 0;
for (var v = 0; v < sample; v++)
{
    for (var h = 0; h < fleet.Count; h++)
    {
        mismatches += naive![v, h] == matrix.IsCompatible(v, h) ? 0 : 1;
    }
}

var scale = (double)vms.Count / sample;
var naiveFull = (Wall: naiveTime.Wall * scale, Cpu: naiveTime.Cpu * scale);
var pairs = (long)vms.Count * fleet.Count;
Console.WriteLine();
Console.WriteLine($"migration matrix {vms.Count} VMs x {fleet.Count} hosts = {pairs:N0} pairs ({matrix.DistinctVmCpus} distinct VM CPUs; {matrix.CompatiblePairs():N0} compatible):");
Console.WriteLine($"  cpupolicy  wall {matrixTime.Wall * 1000,9:F1} ms   cpu {matrixTime.Cpu * 1000,9:F1} ms   ({pairs / matrixTime.Wall / 1e6:F0} M pairs/s)");
Console.WriteLine($"  naive      wall {naiveFull.Wall * 1000,9:F1} ms   cpu {naiveFull.Cpu * 1000,9:F1} ms   (measured on {sample} VMs x {fleet.Count} hosts: {naiveTime.Wall * 1000:F1} ms, scaled x{scale:F0})");
Console.WriteLine($"  verdicts on the sample: {(mismatches == 0 ? "identical" : $"{mismatches} DIFFERENT")}");
Console.WriteLine();
Console.WriteLine(Invariant($"RESULT fleet-baseline time_s={ours.Wall:F4} peer_s={theirs.Wall:F4} ratio={ours.Wall / theirs.Wall:F4} (cpu: {ours.Cpu:F3} s vs {theirs.Cpu:F3} s, ratio {ours.Cpu / Math.Max(theirs.Cpu, 0.01):F3})"));
Console.WriteLine(Invariant($"RESULT fleet-matrix time_s={matrixTime.Wall:F4} peer_s={naiveFull.Wall:F4} ratio={matrixTime.Wall / naiveFull.Wall:F5} (cpu: {matrixTime.Cpu:F3} s vs {naiveFull.Cpu:F3} s, ratio {matrixTime.Cpu / naiveFull.Cpu:F5})"));
return agree && mismatches == 0 ? 0 : 1;

static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

// A host CPU with up to three of its extra features dropped.
static string Vary(XElement cpu, Random random)
{
    var copy = new XElement(cpu);
    var features = copy.Elements("feature").ToList();
    for (var k = random.Next(4); k > 0 && features.Count > 0; k--)
    {
        var i = random.Next(features.Count);
        features[i].Remove();
        features.RemoveAt(i);
    }

    return copy.ToString() + "\n";
}

// Wall and CPU time, medians over the runs. CPU is this process's own, or with children: true that of the child
// processes it waited for (virsh), from /proc/self/stat's cutime and cstime (clock ticks, 100 per second).
static (double Wall, double Cpu) Measure<T>(int runs, Func<T> work, bool children = false)
{
    // Warm-ups, then a pause: .NET compiles hot code a second time (tier 1) on a background thread after some
    // calls, and that compilation would otherwise be counted in the first measured runs (CPU time is per process).
    for (var i = 0; i < 3; i++)
    {
        GC.KeepAlive(work());
    }

    Thread.Sleep(1000);
    GC.Collect();

    var walls = new List<double>();
    var cpus = new List<double>();
    var process = Process.GetCurrentProcess();
    double Cpu()
    {
        if (children)
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
        }

        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds;
    }

    for (var i = 0; i < runs; i++)
    {
        var cpu0 = Cpu();
        var clock = Stopwatch.StartNew();
        GC.KeepAlive(work());
        walls.Add(clock.Elapsed.TotalSeconds);
        cpus.Add(Cpu() - cpu0);
    }

    return (walls.Order().ElementAt(runs / 2), cpus.Order().ElementAt(runs / 2));
}

static string Virsh(params string[] arguments) => Run("virsh", ["-c", "test:///default", .. arguments]);

static string Run(string program, IEnumerable<string> arguments)
{
    var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in arguments)
    {
        info.ArgumentList.Add(a);
    }

    using var process = Process.Start(info)!;
    var stderr = process.StandardError.ReadToEndAsync();
    var stdout = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{program} {string.Join(' ', arguments.Take(8))} failed: {stderr.Result}");
    }

    return stdout;
}

// The repository holding the bench binaries (the folder with PolicyCompiler.sln), whose data/ the fleet is drawn from.
static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "PolicyCompiler.sln")))
        {
            return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("PolicyCompiler.sln was not found above the bench binaries; run the bench from its checkout");
}
