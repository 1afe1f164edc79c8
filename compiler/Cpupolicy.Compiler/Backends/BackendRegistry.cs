using Cpupolicy.Core.Backends;
using Cpupolicy.Compiler.Backends.KubeVirt;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Backends.Nova;
using Cpupolicy.Core.Backends.Proxmox;
using Cpupolicy.Core.Backends.Qemu;
using Cpupolicy.Core.Backends.Xapi;
using Cpupolicy.Core.Backends.Xen;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Backends;

/// <summary>The backends, in the order <c>compile</c> writes their artifacts.</summary>
public sealed class BackendRegistry
{
    private static readonly Lazy<BackendRegistry> DefaultLazy = new(() => new BackendRegistry(ModelDatabase.Default));

    public BackendRegistry(ModelDatabase models)
    {
        var db = models.FeatureDb;
        All =
        [
            new XenBackend(db),
            new XapiBackend(db),
            new LibvirtBackend(db, models),
            new QemuBackend(db, models),
            new KubeVirtBackend(db, models),
            new ProxmoxBackend(db, models),
            new NovaBackend(db, models),
        ];
    }

    /// <summary>The backends over the database built into this release.</summary>
    public static BackendRegistry Default => DefaultLazy.Value;

    public IReadOnlyList<IBackend> All { get; }

    /// <summary>The backend names, for "none means all" and for "did you mean".</summary>
    public IReadOnlyList<string> Names => All.Select(b => b.Name).ToList();

    public IBackend? Find(string name) => All.FirstOrDefault(b => b.Name == name);

    public IBackend Get(string name) => Find(name) ?? throw new KeyNotFoundException($"no backend `{name}`");
}
