using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// <c>cpupolicy host</c> as a library call: decode the inventory files and make each host's report. One file with
/// one host is a single report; several files, a directory (every visible file in it) or a <c>kubectl get nodes</c>
/// list give one report per host, each named by its file or node (a repeated name gets <c>#2</c>, <c>#3</c>, ...).
/// </summary>
public static class HostReports
{
    /// <param name="report">Receives each host's warnings as it is read.</param>
    public static HostReportSet Read(IReadOnlyList<string> paths, HostReportOptions options, TextReader? stdin, Action<Diagnostic> report)
    {
        var bulk = paths.Count > 1 || paths.Any(p => p != "-" && Directory.Exists(p));
        if (!bulk)
        {
            // One file: the report as it always was, unless the file is a node list (then one report per node).
            var hosts = BulkInventory.Read(paths[0], InventoryOptions.Default, stdin);
            if (hosts.Count == 1)
            {
                return new HostReportSet(Single: true, [Named(hosts[0].Name, hosts[0].Host, options, report)]);
            }
        }

        var named = new List<NamedHostReport>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths.SelectMany(BulkInventory.Expand))
        {
            foreach (var (stem, host) in BulkInventory.Read(path, InventoryOptions.Default, stdin))
            {
                var name = stem;
                for (var i = 2; !names.Add(name); i++)
                {
                    name = $"{stem}#{i}";
                }

                named.Add(Named(name, host, options, report));
            }
        }

        return new HostReportSet(Single: false, named);
    }

    private static NamedHostReport Named(string name, HostCapability host, HostReportOptions options, Action<Diagnostic> report)
    {
        foreach (var warning in host.Warnings)
        {
            report(warning);
        }

        return new NamedHostReport(name, host, host.Arm64 is null ? HostReport.Create(host, options) : null);
    }
}
