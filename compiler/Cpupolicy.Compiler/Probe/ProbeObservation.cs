using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;

namespace Cpupolicy.Compiler.Probe;

/// <summary>What one probe boot showed: the guest's CPU as read from its serial output, and what QEMU dropped.</summary>
public sealed record ProbeObservation
{
    public required ProbeRun Run { get; init; }

    /// <summary>The probe output read back through the inventory reader (the same code that reads a saved probe file).</summary>
    public required HostCapability Guest { get; init; }

    /// <summary>Features QEMU said it could not give under this accelerator (its stderr warnings).</summary>
    public required QemuDropReport Dropped { get; init; }

    /// <summary>The features the probe's output decides (see <see cref="ProbePlan.Knowable"/>).</summary>
    public required FeatureSet Knowable { get; init; }

    /// <summary>Just the probe output: from the header line through <c>end</c>, without the BIOS's messages.</summary>
    public string ProbeOutput
    {
        get
        {
            var lines = Run.Serial.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var start = lines.FindIndex(l => l.Trim() == ProbeReader.Header);
            var end = start < 0 ? -1 : lines.FindIndex(start, l => l.Trim() == "end");
            return start < 0 || end < 0
                ? throw new InvalidOperationException("the serial output holds no complete probe output")
                : string.Join('\n', lines.Skip(start).Take(end - start + 1).Select(l => l.Trim())) + "\n";
        }
    }
}
