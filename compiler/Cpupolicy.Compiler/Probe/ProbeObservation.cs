using Cpupolicy.Compiler.Database;
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
            var serial = Run.Serial.Replace("\r\n", "\n", StringComparison.Ordinal);
            var start = serial.IndexOf(ProbeReader.Header, StringComparison.Ordinal);
            var end = serial.IndexOf("\nend\n", start, StringComparison.Ordinal);
            return serial[start..(end + "\nend\n".Length)];
        }
    }
}
