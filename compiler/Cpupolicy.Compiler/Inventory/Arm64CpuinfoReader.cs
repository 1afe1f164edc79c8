using System.Globalization;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Reads an aarch64 <c>/proc/cpuinfo</c>: the first processor's <c>Features</c> (hwcap names) and MIDR fields
/// (<c>CPU implementer</c>, <c>CPU variant</c>, <c>CPU part</c>, <c>CPU revision</c>). hwcaps give field levels through
/// the database; a field no hwcap names is unknown (<see cref="Arm64Host.Knowable"/> is the hwcap features).
/// </summary>
public static class Arm64CpuinfoReader
{
    /// <summary>True when the text is an aarch64 /proc/cpuinfo (a `Features` line and a `CPU implementer` line).</summary>
    public static bool Looks(string text) =>
        SourceLine.Split(text).Any(l => Key(l.Text) == "Features") && SourceLine.Split(text).Any(l => Key(l.Text) == "CPU implementer");

    public static HostCapability Parse(string text, string path, Arm64Database db)
    {
        var fields = new Dictionary<string, (string Value, SourceLine Line, int Column)>(StringComparer.Ordinal);
        var processors = 0;
        foreach (var line in SourceLine.Split(text))
        {
            var key = Key(line.Text);
            if (key is null)
            {
                continue;
            }

            if (key == "processor" && ++processors > 1)
            {
                break;
            }

            var colon = line.Text.IndexOf(':', StringComparison.Ordinal);
            var raw = line.Text[(colon + 1)..];
            fields.TryAdd(key, (raw.Trim(), line, colon + 2 + (raw.Length - raw.TrimStart().Length)));
        }

        if (!fields.TryGetValue("Features", out var features))
        {
            throw InventoryErrors.File(DiagnosticCatalog.Arm64CpuinfoIncomplete, path, "the first processor has no `Features` line", "copy the whole of /proc/cpuinfo from the aarch64 host (`cat /proc/cpuinfo > host.txt`)");
        }

        var present = new List<int>();
        var unknown = new List<string>();
        foreach (var name in features.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (db.Find(name) is { IsHwcap: true } f)
            {
                present.Add(f.Index);
            }
            else
            {
                unknown.Add(name);
            }
        }

        var midr = new Arm64Midr(
            Number(fields, "CPU implementer", path),
            Number(fields, "CPU variant", path),
            0xF,
            Number(fields, "CPU part", path),
            Number(fields, "CPU revision", path));
        var levels = Arm64Levels.FromFeatures(db.CloseUnderRequires(FeatureSet.Of(present)), db);
        var host = new Arm64Host(levels, FeatureSet.Of(db.Features.Where(f => f.IsHwcap).Select(f => f.Index)), midr, null);
        return new HostCapability
        {
            SourcePath = path,
            Format = InventoryFormat.Arm64ProcCpuinfo,
            Vendor = host.Vendor,
            Features = FeatureSet.Empty,
            Knowable = FeatureSet.Empty,
            ForeignArch = Arm64Host.Arch,
            Arm64 = host,
            Warnings = unknown.Count == 0
                ? []
                :
                [
                    DiagnosticCatalog.Arm64HwcapIgnored.Create(
                        SourceSpan.At(path, features.Line.Number, features.Column),
                        $"{unknown.Count} name(s) have no ID-register level in the database and were ignored: {string.Join(" ", unknown)}",
                        "`evtstrm` and `cpuid` are kernel capabilities, not CPU features; newer hwcaps need a newer data/linux-* excerpt"),
                ],
        };
    }

    private static string? Key(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : line[..colon].Trim();
    }

    private static int Number(Dictionary<string, (string Value, SourceLine Line, int Column)> fields, string key, string path)
    {
        if (!fields.TryGetValue(key, out var field))
        {
            throw InventoryErrors.File(DiagnosticCatalog.Arm64CpuinfoIncomplete, path, $"the first processor has no `{key}` line", "copy the whole of /proc/cpuinfo from the aarch64 host");
        }

        var ok = field.Value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(field.Value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)
            : int.TryParse(field.Value, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok)
        {
            throw InventoryErrors.At(DiagnosticCatalog.Arm64CpuinfoIncomplete, path, field.Line.Number, field.Column, $"`{key}` should be a number, not `{field.Value}`");
        }

        return value;
    }
}
