using System.Runtime.ExceptionServices;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// One host given to a fleet analysis as an inventory file: what the file states (<see cref="Inventory"/>) and what
/// a guest on it can be given (<see cref="Symbol"/>: capability and default view, exactly as a policy's
/// <c>host NAME from "FILE"</c> would bind it).
/// </summary>
public sealed record FleetHost(string Name, HostCapability Inventory, HostSymbol Symbol)
{
    public CpuVendor Vendor => Symbol.Vendor;

    public static FleetHost From(string name, HostCapability inventory, FeatureDatabase db) =>
        new(name, inventory, HostSymbol.FromInventory(name, SourceSpan.WholeFile(inventory.SourcePath), inventory, $"from \"{inventory.SourcePath}\"", db));

    /// <summary>Reads inventory files and names each host after its file (<c>hosts/hera.cpuid</c> → <c>hera</c>; <c>-</c> → <c>stdin</c>), made unique.</summary>
    /// <param name="allowForeignArch">read a libvirt CPU of another architecture as a featureless host instead of refusing it.</param>
    public static IReadOnlyList<FleetHost> Read(IEnumerable<string> paths, TextReader? stdin, FeatureDatabase db, ModelDatabase models, bool allowForeignArch = false)
    {
        var hosts = new List<FleetHost>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var files = paths.SelectMany(BulkInventory.Expand).ToList();
        var options = new InventoryOptions { Models = models, AllowForeignArch = allowForeignArch };
        foreach (var read in ReadAll(files, options, stdin))
        {
            foreach (var (stem, inventory) in read)
            {
                var name = stem;
                for (var i = 2; !names.Add(name); i++)
                {
                    name = $"{stem}#{i}";
                }

                hosts.Add(From(name, inventory, db));
            }
        }

        return hosts;
    }

    /// <summary>
    /// Each file's hosts, in the files' order. A large fleet (a baseline of 1,000 host files) is read on every core: the
    /// readers share only immutable data. The outcome is that of reading in order: the first file (in order) that fails
    /// throws its own diagnostic, and the hosts come in the files' order.
    /// </summary>
    private static IEnumerable<IReadOnlyList<(string Name, HostCapability Host)>> ReadAll(List<string> files, InventoryOptions options, TextReader? stdin)
    {
        if (files.Count < ParallelFrom || Environment.ProcessorCount == 1 || files.Contains("-"))
        {
            return files.Select(file => BulkInventory.Read(file, options, stdin));
        }

        var results = new IReadOnlyList<(string, HostCapability)>[files.Count];
        var failures = new ExceptionDispatchInfo?[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            try
            {
                results[i] = BulkInventory.Read(files[i], options, null);
            }
            catch (Exception e)
            {
                failures[i] = ExceptionDispatchInfo.Capture(e);
            }
        });

        return InOrder(results, failures);
    }

    private static IEnumerable<IReadOnlyList<(string Name, HostCapability Host)>> InOrder(IReadOnlyList<(string, HostCapability)>[] results, ExceptionDispatchInfo?[] failures)
    {
        for (var i = 0; i < results.Length; i++)
        {
            failures[i]?.Throw();
            yield return results[i];
        }
    }

    /// <summary>Below this many files, starting threads costs more than it saves.</summary>
    private const int ParallelFrom = 64;
}
