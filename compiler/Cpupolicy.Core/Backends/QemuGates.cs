using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends;

/// <summary>
/// QEMU's gated feature words (<c>feature_dependencies[]</c> in target/i386/cpu.c): a model carries values for the
/// VMX capability MSRs, the SVM leaf, MSR_ARCH_CAPABILITIES ... that stay hidden while the gate feature is off, and
/// appear as soon as it is on. The model catalog, taken with the gates as the model sets them, cannot show those
/// latent values, so whenever a profile has a gate on, the QEMU and libvirt artifacts name every feature behind it.
/// </summary>
public sealed class QemuGates
{
    private readonly List<(FeatureDefinition Gate, FeatureSet Behind)> gates = [];

    public QemuGates(FeatureDatabase db)
    {
        Add(db, "vmx", f => f.Location.Msr is >= 0x480 and <= 0x491);
        Add(db, "svm", f => f.Location.Leaf == 0x8000000a);
        Add(db, "arch-capabilities", f => f.Location.Msr == 0x10a);
        Add(db, "core-capability", f => f.Location.Msr == 0xcf);
        Add(db, "pdcm", f => f.Location.Msr == 0x345);
        Add(db, "intel-pt", f => f.Location.Leaf == 0x14);
        Add(db, "sgx", f => f.Location.Leaf == 0x12 || f.Name == "sgxlc");
    }

    /// <summary>The features behind every gate that is on in <paramref name="features"/>.</summary>
    public FeatureSet Behind(FeatureSet features) =>
        gates.Where(g => features.Contains(g.Gate)).Aggregate(FeatureSet.Empty, (acc, g) => acc | g.Behind);

    private void Add(FeatureDatabase db, string gate, Func<FeatureDefinition, bool> behind)
    {
        if (db.ByCanonicalName(gate) is { } g)
        {
            gates.Add((g, FeatureSet.Of(db.Features.Where(behind))));
        }
    }
}
