using System.Globalization;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Reads Linux <c>/proc/cpuinfo</c>: the first processor's <c>vendor_id</c>, <c>cpu family</c>, <c>model</c>,
/// <c>stepping</c> and <c>flags</c>. Flags are Linux's names; Linux also prints synthetic flags (<c>constant_tsc</c>,
/// <c>rep_good</c>, ...) that are no CPUID bit, so an unknown flag is a warning, never an error. Linux hides some bits
/// (no name in <c>cpufeatures.h</c>), so only features with a Linux name are <see cref="HostCapability.Knowable"/>.
/// </summary>
public static class ProcCpuinfoReader
{
    public static HostCapability Parse(string text, string path, InventoryOptions options)
    {
        var fields = new Dictionary<string, (string Value, SourceLine Line, int ValueColumn)>(StringComparer.Ordinal);
        var processors = 0;
        var blockEnded = false;
        var lastLine = 0;
        foreach (var line in SourceLine.Split(text))
        {
            lastLine = line.Number;
            var colon = line.Text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                // A blank line ends a processor's block.
                blockEnded |= fields.Count > 0 && line.Text.Trim().Length == 0;
                continue;
            }

            var key = line.Text[..colon].Trim();
            if (key == "processor" && ++processors > 1)
            {
                // Later processors repeat the first one (a hybrid CPU's cores differ only in what Linux hides).
                blockEnded = true;
                break;
            }

            // x86 Linux ends every processor's block with `power management:`.
            blockEnded |= key == "power management";

            var rawValue = line.Text[(colon + 1)..];
            var valueColumn = colon + 2 + (rawValue.Length - rawValue.TrimStart().Length);
            fields.TryAdd(key, (rawValue.Trim(), line, valueColumn));
        }

        if (!fields.TryGetValue("flags", out var flags))
        {
            throw InventoryErrors.File(
                DiagnosticCatalog.ProcCpuinfoIncomplete,
                path,
                "the first processor has no `flags` line",
                "copy the whole of /proc/cpuinfo from an x86 Linux host (`cat /proc/cpuinfo > host.txt`)");
        }

        if (!blockEnded)
        {
            // Without the end of the first block, the flags line itself may be cut short: refuse rather than read a
            // CPU with fewer features.
            throw InventoryErrors.At(
                DiagnosticCatalog.ProcCpuinfoIncomplete,
                path,
                lastLine + 1,
                1,
                "the file ends inside the first processor's block (no `power management:` line or blank line after it): it was cut off",
                "copy the whole of /proc/cpuinfo again (`cat /proc/cpuinfo > host.txt`)");
        }

        var db = options.FeatureDb;
        var present = new List<int>();
        var unknown = new List<string>();
        foreach (var flag in flags.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (BackendNames.FindLinux(db, flag) is { } feature)
            {
                present.Add(feature.Index);
            }
            else
            {
                unknown.Add(flag);
            }
        }

        return new HostCapability
        {
            SourcePath = path,
            Format = InventoryFormat.ProcCpuinfo,
            Vendor = fields.TryGetValue("vendor_id", out var vendor) ? CpuVendors.Parse(vendor.Value) : CpuVendor.Unknown,
            Family = Number(fields, "cpu family", path),
            Model = Number(fields, "model", path),
            Stepping = Number(fields, "stepping", path),
            Features = FeatureSet.Of(present),
            Knowable = BackendNames.LinuxNameable(db),
            Warnings = unknown.Count == 0
                ? []
                :
                [
                    DiagnosticCatalog.InventoryFeatureIgnored.Create(
                        SourceSpan.At(path, flags.Line.Number, flags.ValueColumn),
                        $"{unknown.Count} flag(s) name no CPUID feature in the database and were ignored: {string.Join(" ", unknown)}",
                        "Linux also prints synthetic flags (kernel capabilities, not CPUID bits); these are expected"),
                ],
        };
    }

    private static int? Number(Dictionary<string, (string Value, SourceLine Line, int ValueColumn)> fields, string key, string path)
    {
        if (!fields.TryGetValue(key, out var field))
        {
            return null;
        }

        // Some hypervisors print `stepping : unknown`; that is "not stated", not an error.
        if (field.Value == "unknown")
        {
            return null;
        }

        if (!int.TryParse(field.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw InventoryErrors.At(
                DiagnosticCatalog.ProcCpuinfoIncomplete,
                path,
                field.Line.Number,
                field.ValueColumn,
                $"`{key}` should be a decimal number, not `{field.Value}`");
        }

        return value;
    }
}
