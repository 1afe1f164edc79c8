using System.Globalization;
using Cpupolicy.Core.Database;
using HandlebarsDotNet;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Renders a <see cref="CompatibilityMatrix"/> as one self-contained HTML page: inline CSS, no script, font or image
/// to fetch, so it opens the same on an air-gapped admin laptop. The heatmap colour of a blocked cell darkens with
/// the number of missing features, relative to the worst cell. Same inputs, same bytes.
/// </summary>
public static class ReportRenderer
{
    private const string TemplateResource = "Cpupolicy.Report.compatibility-report.hbs";

    private static readonly Lazy<HandlebarsTemplate<object, object>> Template = new(() =>
    {
        using var stream = typeof(ReportRenderer).Assembly.GetManifestResourceStream(TemplateResource)
            ?? throw new InvalidOperationException($"embedded resource {TemplateResource} is missing from the build");
        using var reader = new StreamReader(stream);
        return Handlebars.Create().Compile(reader.ReadToEnd());
    });

    public static string Render(CompatibilityMatrix matrix, FleetPolicy policy, FeatureDatabase db)
    {
        var worst = Math.Max(1, matrix.Cells.Select(c => c.Missing.Count).DefaultIfEmpty(0).Max());
        var unused = matrix.UnusedProfiles.ToHashSet(StringComparer.Ordinal);
        var profiles = matrix.Profiles.Select(name =>
        {
            var ir = policy.FindProfile(name)!.Profile;
            var globs = policy.GlobsOf(name);
            return new
            {
                name,
                unused = unused.Contains(name),
                featureCount = ir.Features.Count,
                vendor = ir.Vendor == CpuVendor.Unknown ? null : ir.Vendor.LibvirtName(),
                globs = globs.Count == 0 ? "no VM uses it" : string.Join(", ", globs.Select(g => g is null ? "(default)" : $"\"{g}\"")),
                hosts = ir.Hosts.Count == 0 ? "no host" : string.Join(", ", ir.Hosts),
                runsOn = string.Join(", ", matrix.Cells.Where(c => c.Profile == name && c.Compatible).Select(c => c.Host)) is { Length: > 0 } r ? r : "no host",
            };
        }).ToList();
        var rows = matrix.Hosts.Select(host => new
        {
            host = host.Name,
            vendor = host.Vendor == CpuVendor.Unknown ? "vendor unknown" : host.Vendor.LibvirtName(),
            origin = host.Origin,
            cells = matrix.Profiles.Select(p => Cell(matrix.Cell(host.Name, p), worst, db)).ToList(),
        }).ToList();
        return Template.Value(new
        {
            policy = policy.Path,
            hostCount = matrix.Hosts.Count,
            profileCount = matrix.Profiles.Count,
            cellCount = matrix.Cells.Count,
            compatibleCount = matrix.Cells.Count(c => c.Compatible),
            profiles,
            rows,
        });
    }

    private static object Cell(MatrixCell cell, int worst, FeatureDatabase db)
    {
        var missing = db.Expand(cell.Missing).Select(f => new { name = f.Name, location = f.Location.ToString() }).ToList();
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
                + (missing.Count > 0 ? "lacks " + string.Join(", ", missing.Select(m => m.name)) : string.Empty);
        return new { kind, style, verdict, title, placed = cell.Placed, missing, missingCount = missing.Count };
    }
}
