using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;

namespace Cpupolicy.Compiler.Probe;

/// <summary>Boots the probe with one <c>-cpu</c> value and reads what the guest saw and what QEMU dropped.</summary>
public static class Prober
{
    /// <summary>The name the serial output goes by in diagnostics from the probe reader.</summary>
    public const string SerialSource = "<probe serial>";

    public static ProbeObservation Observe(string cpu, ProbeRunOptions options, ProbeImage? image = null, FeatureDatabase? db = null)
    {
        db ??= FeatureDatabase.Default;
        image ??= ProbeImageBuilder.Default;
        var run = ProbeRunner.Run(image, QemuCpuValue.WithoutEnforce(cpu), options);
        return new ProbeObservation
        {
            Run = run,
            Guest = ProbeReader.Parse(run.Serial, SerialSource, new InventoryOptions { Features = db }),
            Dropped = QemuDroppedFeatures.Parse(run.Stderr, db),
            Knowable = image.Plan.Knowable,
        };
    }
}
