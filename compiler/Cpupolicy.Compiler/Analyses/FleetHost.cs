using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Policy.Diagnostics;

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
        foreach (var path in paths)
        {
            var inventory = InventoryReader.Read(path, new InventoryOptions { Models = models, AllowForeignArch = allowForeignArch }, stdin);
            var stem = path == "-" ? "stdin" : Path.GetFileNameWithoutExtension(path);
            var name = stem;
            for (var i = 2; !names.Add(name); i++)
            {
                name = $"{stem}#{i}";
            }

            hosts.Add(From(name, inventory, db));
        }

        return hosts;
    }
}
