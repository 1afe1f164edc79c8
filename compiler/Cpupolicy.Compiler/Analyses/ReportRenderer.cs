using System.Globalization;
using Cpupolicy.Compiler.Analyses.Report;
using Cpupolicy.Core.Database;
using Scriban.Runtime;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Renders a <see cref="CompatibilityMatrix"/> as one self-contained HTML page: inline CSS, no script, font or image
/// to fetch, so it opens the same on an air-gapped admin laptop. The heatmap colour of a blocked cell darkens with
/// the number of missing features, relative to the worst cell. Same inputs, same bytes.
/// </summary>
/// <remarks>
/// The page is the Scriban template <c>Report/compatibility-report.sbn-html</c>; <see cref="Model"/> builds what it
/// sees by hand, as raw strings, numbers and booleans: <see cref="HtmlTemplateContext"/> escapes every printed value.
/// </remarks>
public static class ReportRenderer
{
    private static readonly Lazy<HtmlTemplate> Template = new(() => HtmlTemplate.Embedded("compatibility-report.sbn-html"));

    public static string Render(CompatibilityMatrix matrix, FleetPolicy policy, FeatureDatabase db) =>
        Template.Value.Render(Model(matrix, policy, db));

    /// <summary>The template's model: only <see cref="ScriptObject"/>, <see cref="ScriptArray"/>, strings, ints, bools and nulls.</summary>
    public static ScriptObject Model(CompatibilityMatrix matrix, FleetPolicy policy, FeatureDatabase db)
    {
        var worst = Math.Max(1, matrix.Cells.Select(c => c.Missing.Count).DefaultIfEmpty(0).Max());
        var unused = matrix.UnusedProfiles.ToHashSet(StringComparer.Ordinal);
        var profiles = matrix.Profiles.Select(name =>
        {
            var ir = policy.FindProfile(name)!.Profile;
            var globs = policy.GlobsOf(name);
            var runsOn = string.Join(", ", matrix.Cells.Where(c => c.Profile == name && c.Compatible).Select(c => c.Host));
            return new ScriptObject
            {
                ["name"] = name,
                ["title"] = $"{name}: {ir.Features.Count} features; VMs: {(globs.Count == 0 ? "none" : string.Join(", ", globs.Select(g => g is null ? "(default)" : $"\"{g}\"")))}",
                ["unused"] = unused.Contains(name),
                ["feature_count"] = ir.Features.Count,
                ["vendor"] = ir.Vendor == CpuVendor.Unknown ? null : ir.Vendor.LibvirtName(),
                ["globs"] = globs.Count == 0 ? "no VM uses it" : string.Join(", ", globs.Select(g => g is null ? "(default)" : $"\"{g}\"")),
                ["hosts"] = ir.Hosts.Count == 0 ? "no host" : string.Join(", ", ir.Hosts),
                ["runs_on"] = runsOn.Length > 0 ? runsOn : "no host",
            };
        });
        var rows = matrix.Hosts.Select(host => new ScriptObject
        {
            ["host"] = host.Name,
            ["vendor"] = host.Vendor == CpuVendor.Unknown ? "vendor unknown" : host.Vendor.LibvirtName(),

            // The label is the host's name; where it comes from (often a long absolute path) is on hover.
            ["title"] = $"{host.Name}: {(host.Vendor == CpuVendor.Unknown ? "vendor unknown" : host.Vendor.LibvirtName())}, {host.Origin}",
            ["cells"] = new ScriptArray(matrix.Profiles.Select(p => Cell(matrix.Cell(host.Name, p), worst, db))),
        });
        var targets = ReportWording.Targets((policy.Result.Lowered?.Targets ?? []).Select(t => t.Backend));
        return new ScriptObject
        {
            ["policy"] = policy.Path,
            ["targets"] = targets.Count == 0 ? "none" : string.Join(", ", targets),
            ["rule"] = ReportWording.Rule(targets),
            ["host_count"] = matrix.Hosts.Count,
            ["profile_count"] = matrix.Profiles.Count,
            ["cell_count"] = matrix.Cells.Count,
            ["compatible_count"] = matrix.Cells.Count(c => c.Compatible),
            ["profiles"] = new ScriptArray(profiles),
            ["rows"] = new ScriptArray(rows),
        };
    }

    private static ScriptObject Cell(MatrixCell cell, int worst, FeatureDatabase db)
    {
        var missing = db.Expand(cell.Missing).ToList();
        string kind, style, verdict;
        if (cell.VendorMismatch)
        {
            (kind, style, verdict) = ("vendor", "background:#6e5494;color:#ffffff", "other vendor");
        }
        else if (cell.Compatible)
        {
            (kind, style, verdict) = cell.Placed
                ? ("ok placed", "background:#1a7f37;color:#ffffff", "runs")
                : ("ok", "background:#8fd19e;color:#1f2328", "runs");
        }
        else
        {
            // Lightness 82% (one feature) down to 42% (the worst cell): the eye finds the hardest moves first.
            var lightness = 82 - (40 * (cell.Missing.Count - 1) / Math.Max(1, worst - 1));
            var text = lightness < 60 ? "#ffffff" : "#1f2328";
            (kind, style, verdict) = ("blocked", string.Create(CultureInfo.InvariantCulture, $"background:hsl(0,75%,{lightness}%);color:{text}"), $"{cell.Missing.Count} missing");
        }

        var title = cell.Compatible
            ? $"{cell.Profile} runs on {cell.Host}"
            : $"{cell.Profile} cannot run on {cell.Host}: " + (cell.VendorMismatch ? "another CPU vendor" : string.Empty)
                + (cell.VendorMismatch && missing.Count > 0 ? "; " : string.Empty)
                + (missing.Count > 0 ? "lacks " + string.Join(", ", missing.Select(m => m.Name)) : string.Empty);
        return new ScriptObject
        {
            ["kind"] = kind,
            ["style"] = style,
            ["verdict"] = verdict,
            ["title"] = title,
            ["placed"] = cell.Placed,
            ["missing"] = new ScriptArray(missing.Select(f => new ScriptObject { ["name"] = f.Name, ["location"] = f.Location.ToString() })),
            ["missing_count"] = missing.Count,
        };
    }
}
