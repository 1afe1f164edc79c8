using System.Diagnostics;
using System.Text.Json.Nodes;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Peers.Qemu;

namespace Cpupolicy.Generator.Sources;

/// <summary>
/// Asks a real QEMU (7.2) for its CPUID flags, their coordinates, their alias spellings and its CPU models.
/// Everything runs under TCG, so no KVM and no guest code are needed.
/// </summary>
public static class QemuSource
{
    /// <summary>The CPU models the database records: every model except <c>host</c> (needs KVM) and <c>max</c>
    /// (whatever the accelerator supports, so not a fixed definition).</summary>
    public static readonly IReadOnlySet<string> SkippedModels = new HashSet<string>(StringComparer.Ordinal) { "host", "max" };

    /// <summary>Arguments of the model-expansion process (no vCPU at all: -cpu does not combine with -machine none).</summary>
    public static readonly IReadOnlyList<string> ExpansionArguments = ["-machine", "none", "-accel", "tcg", "-nodefaults", "-display", "none"];

    // A pc machine with one -cpu base vCPU plus hotplug room; each probe adds one vCPU with one flag set.
    private const int HotplugSlots = 250;

    // Device life-cycle booleans: setting them on device_add is refused or kills QEMU (`realized`), and they are
    // no CPUID flags.
    private static readonly HashSet<string> NotProbed = new(StringComparer.Ordinal) { "realized", "hotplugged", "hotpluggable" };

    public static QemuCatalog Load(string qemu, TextWriter? log)
    {
        var flags = HelpFlags(qemu);
        log?.WriteLine($"qemu: {flags.Count} flags in -cpu help");
        using var qmp = QmpClient.Start(qemu, ExpansionArguments);
        var (major, minor, _) = qmp.Version;
        var release = $"{major}.{minor}";

        var (aliases, unresolved) = FindAliases(qmp, flags);
        var models = ReadModels(qmp);

        var (coordinates, subleafLeaves) = ProbeCoordinates(qemu, flags, unresolved, log);
        var flagAt = flags.Where(coordinates.ContainsKey).ToDictionary(f => coordinates[f].Key, f => f);
        foreach (var prop in unresolved)
        {
            if (coordinates.TryGetValue(prop, out var c) && flagAt.TryGetValue(c.Key, out var flag))
            {
                Add(aliases, flag, prop);
            }
        }

        log?.WriteLine($"qemu: {aliases.Sum(a => a.Value.Count)} alias properties, {models.Count} models");
        var result = flags
            .Select(f => new QemuFlag(
                f,
                coordinates.TryGetValue(f, out var c) ? c : null,
                aliases.TryGetValue(f, out var a) ? a.Order(StringComparer.Ordinal).ToList() : []))
            .ToList();
        return new QemuCatalog(release, result, models, subleafLeaves);
    }

    /// <summary>The distinct names under "Recognized CPUID flags:" of <c>-cpu help</c>.</summary>
    public static IReadOnlyList<string> HelpFlags(string qemu)
    {
        var psi = new ProcessStartInfo(qemu) { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-cpu");
        psi.ArgumentList.Add("help");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot run {qemu}");
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        const string marker = "Recognized CPUID flags:";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidDataException($"`{qemu} -cpu help` has no \"{marker}\" section");
        }

        return text[(at + marker.Length)..]
            .Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The enabled canonical flags of a static expansion (<c>{"name":..., "props":{...}}</c>).</summary>
    public static IReadOnlyList<string> EnabledFlags(JsonNode expansion) =>
        expansion["model"]!["props"]!.AsObject()
            .Where(p => p.Value is JsonValue v && v.TryGetValue<bool>(out var b) && b)
            .Select(p => p.Key)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static JsonNode StaticExpansion(QmpClient qmp, string model, JsonObject? props = null)
    {
        var m = new JsonObject { ["name"] = model };
        if (props is not null)
        {
            m["props"] = props;
        }

        return qmp.Execute("query-cpu-model-expansion", new JsonObject { ["type"] = "static", ["model"] = m })!;
    }

    /// <summary>
    /// Every boolean QOM property of the CPU type that is not a canonical flag is tried on its own on <c>base</c>:
    /// if the static expansion (canonical names only) then enables exactly one flag, the property is that flag's alias
    /// (<c>sse4-1</c> → <c>sse4.1</c>, <c>i64</c> → <c>lm</c>). The rest are returned as unresolved: ordinary booleans
    /// (<c>check</c>, <c>l3-cache</c>...) and aliases of flags that the expansion drops for a missing prerequisite
    /// (<c>nrip_save</c> without <c>svm</c>); the hot-plug probe tells these apart by coordinate.
    /// </summary>
    private static (Dictionary<string, List<string>> Aliases, List<string> Unresolved) FindAliases(QmpClient qmp, IReadOnlyList<string> flags)
    {
        var canonical = flags.ToHashSet(StringComparer.Ordinal);
        var props = qmp.Execute("qom-list-properties", new JsonObject { ["typename"] = "base-x86_64-cpu" })!.AsArray();
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var unresolved = new List<string>();
        foreach (var p in props.Select(p => p!.AsObject()).OrderBy(p => (string)p["name"]!, StringComparer.Ordinal))
        {
            var name = (string)p["name"]!;
            if ((string?)p["type"] != "bool" || canonical.Contains(name))
            {
                continue;
            }

            IReadOnlyList<string> enabled;
            try
            {
                enabled = EnabledFlags(StaticExpansion(qmp, "base", new JsonObject { [name] = true }));
            }
            catch (QmpException e) when (!e.ProcessGone)
            {
                continue;
            }

            if (enabled.Count == 1 && canonical.Contains(enabled[0]))
            {
                Add(result, enabled[0], name);
            }
            else if (enabled.Count == 0 && !NotProbed.Contains(name))
            {
                unresolved.Add(name);
            }
        }

        return (result, unresolved);
    }

    private static void Add(Dictionary<string, List<string>> aliases, string flag, string alias)
    {
        if (!aliases.TryGetValue(flag, out var list))
        {
            aliases[flag] = list = [];
        }

        list.Add(alias);
    }

    private static List<QemuModel> ReadModels(QmpClient qmp)
    {
        var defs = qmp.Execute("query-cpu-definitions")!.AsArray().Select(d => d!.AsObject())
            .OrderBy(d => (string)d["name"]!, StringComparer.Ordinal);
        var models = new List<QemuModel>();
        foreach (var d in defs)
        {
            var name = (string)d["name"]!;
            if (SkippedModels.Contains(name))
            {
                continue;
            }

            var expansion = StaticExpansion(qmp, name);
            var vendor = (string?)expansion["model"]!["props"]!["vendor"];
            models.Add(new QemuModel(
                name,
                (string?)d["alias-of"],
                (bool?)d["migration-safe"] ?? false,
                string.IsNullOrEmpty(vendor) ? null : vendor,
                EnabledFlags(expansion)));
        }

        return models;
    }

    /// <summary>
    /// Each flag's coordinate: hot-plug a <c>base</c> vCPU with only that flag set and diff its
    /// <c>feature-words</c> ∪ <c>filtered-features</c> (TCG drops what it cannot run into the latter) against the
    /// boot vCPU. Flags whose hot-plug kills QEMU (<c>apic</c>: a vCPU with an APIC next to one without) are probed
    /// as the boot vCPU of a QEMU of their own. A flag may drag derived bits along (<c>xsave</c> also sets XCR0
    /// component bits in leaf 0xD): only bits in words where some flag sets a lone bit count.
    /// </summary>
    private static (Dictionary<string, Coordinate> Coordinates, HashSet<uint> SubleafLeaves) ProbeCoordinates(
        string qemu, IReadOnlyList<string> flags, IReadOnlyList<string> otherProperties, TextWriter? log)
    {
        var diffs = new Dictionary<string, List<Coordinate>>(StringComparer.Ordinal);
        var subleafLeaves = new HashSet<uint>();
        // The boot vCPU of a -cpu base machine is the baseline every probe is diffed against.
        Dictionary<Coordinate, uint> baseline;
        QmpClient? qmp = QmpClient.Start(qemu, PcArguments("base"));
        baseline = Words(qmp, BootCpuPath(qmp), "feature-words", subleafLeaves);
        var slot = 0;
        try
        {
            var isFlag = flags.ToHashSet(StringComparer.Ordinal);
            foreach (var flag in flags.Concat(otherProperties))
            {
                if (qmp is null || slot >= HotplugSlots)
                {
                    qmp?.Dispose();
                    qmp = QmpClient.Start(qemu, PcArguments("base"));
                    slot = 0;
                }

                slot++;
                var id = $"c{slot}";
                try
                {
                    qmp.Execute("device_add", new JsonObject
                    {
                        ["driver"] = "base-x86_64-cpu",
                        ["id"] = id,
                        ["socket-id"] = 0,
                        ["core-id"] = slot,
                        ["thread-id"] = 0,
                        [flag] = true,
                    });
                    diffs[flag] = Diff(qmp, $"/machine/peripheral/{id}", baseline, subleafLeaves);
                }
                catch (QmpException e) when (!e.ProcessGone && !isFlag.Contains(flag))
                {
                    // A non-flag property QEMU refuses on a vCPU: not an alias.
                }
                catch (QmpException e) when (e.ProcessGone)
                {
                    qmp.Dispose();
                    qmp = null;
                    if (!isFlag.Contains(flag))
                    {
                        continue;
                    }

                    using var own = QmpClient.Start(qemu, PcArguments($"base,{flag}=on"));
                    diffs[flag] = Diff(own, BootCpuPath(own), baseline, subleafLeaves);
                    log?.WriteLine($"qemu: hot-plugging a vCPU with {flag} kills QEMU; probed it as a boot vCPU");
                }
            }
        }
        finally
        {
            qmp?.Dispose();
        }

        var namedWords = diffs.Values.Where(d => d.Count == 1).Select(d => WordOf(d[0])).ToHashSet();
        var result = new Dictionary<string, Coordinate>(StringComparer.Ordinal);
        foreach (var (flag, bits) in diffs)
        {
            var own = bits.Count == 1 ? bits : bits.Where(b => namedWords.Contains(WordOf(b))).ToList();
            if (own.Count == 1)
            {
                result[flag] = own[0];
            }
            else if (own.Count > 1)
            {
                throw new InvalidDataException($"QEMU flag {flag} sets several bits: {string.Join(", ", own)}");
            }
        }

        return (result, subleafLeaves);
    }

    private static Coordinate WordOf(Coordinate c) => c with { Bit = 0 };

    private static List<string> PcArguments(string cpu) =>
        ["-machine", "pc", "-accel", "tcg", "-cpu", cpu, "-smp", "1,maxcpus=255", "-S", "-nodefaults", "-display", "none"];

    private static string BootCpuPath(QmpClient qmp) =>
        (string)qmp.Execute("query-cpus-fast")!.AsArray()[0]!["qom-path"]!;

    private static List<Coordinate> Diff(QmpClient qmp, string path, Dictionary<Coordinate, uint> baseline, HashSet<uint> subleafLeaves)
    {
        var words = Words(qmp, path, "feature-words", subleafLeaves);
        var filtered = Words(qmp, path, "filtered-features", subleafLeaves);
        var bits = new List<Coordinate>();
        foreach (var (word, value) in words)
        {
            var v = (value | filtered.GetValueOrDefault(word)) ^ baseline.GetValueOrDefault(word);
            for (var bit = 0; bit < 32; bit++)
            {
                if ((v & (1u << bit)) != 0)
                {
                    bits.Add(word with { Bit = bit });
                }
            }
        }

        return bits;
    }

    /// <summary>A vCPU's feature-word list as (leaf, subleaf, register, bit 0) → 32-bit mask.</summary>
    private static Dictionary<Coordinate, uint> Words(QmpClient qmp, string path, string property, HashSet<uint> subleafLeaves)
    {
        var result = new Dictionary<Coordinate, uint>();
        foreach (var w in qmp.Execute("qom-get", new JsonObject { ["path"] = path, ["property"] = property })!.AsArray())
        {
            var leaf = (uint)w!["cpuid-input-eax"]!;
            uint? subleaf = w["cpuid-input-ecx"] is { } ecx ? (uint)ecx : null;
            if (subleaf is not null)
            {
                subleafLeaves.Add(leaf);
            }

            var reg = Enum.Parse<CpuidRegister>((string)w["cpuid-register"]!, ignoreCase: true);
            var key = Coordinate.Cpuid(leaf, subleaf, reg, 0);
            result[key] = result.GetValueOrDefault(key) | (uint)w["features"]!;
        }

        return result;
    }
}
