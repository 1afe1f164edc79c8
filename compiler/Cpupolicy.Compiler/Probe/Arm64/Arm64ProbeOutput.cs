using System.Globalization;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Probe.Arm64;

/// <summary>
/// Reads what the aarch64 probe guest printed: <c>NAME=0x...</c> lines between <see cref="Arm64ProbeImage.Header"/>
/// and <see cref="Arm64ProbeImage.End"/>. A <see cref="Arm64ProbeImage.Fault"/> report (the guest took an exception)
/// is CP0711 naming the register whose read trapped; output without its end is CP0904.
/// </summary>
public static class Arm64ProbeOutput
{
    public const string Source = "<probe serial>";

    /// <summary>True when the serial output holds the header line (the guest ran).</summary>
    public static bool Started(string serial) => Lines(serial).Contains(Arm64ProbeImage.Header);

    public static IReadOnlyDictionary<string, ulong> Parse(string serial, Arm64ProbeImage image)
    {
        var lines = Lines(serial).ToList();
        var start = lines.IndexOf(Arm64ProbeImage.Header);
        var values = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        var fault = false;
        foreach (var line in lines.Skip(start + 1))
        {
            if (line == Arm64ProbeImage.End && !fault)
            {
                return values.Count == image.Registers.Count ? values : throw Incomplete(values.Count, image);
            }

            if (line == Arm64ProbeImage.Fault)
            {
                fault = true;
                values.Clear();
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && line.AsSpan(eq + 1).StartsWith("0x", StringComparison.Ordinal)
                && ulong.TryParse(line.AsSpan(eq + 3), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..eq]] = value;
            }
        }

        if (fault && values.TryGetValue("ESR_EL1", out var esr) && values.TryGetValue("ELR_EL1", out var elr))
        {
            var register = image.RegisterAt(elr);
            throw new DiagnosticException(DiagnosticCatalog.ProbeArm64GuestFault.Create(
                SourceSpan.WholeFile(Source),
                $"the aarch64 probe guest took an exception (ESR_EL1 0x{esr:x}, class 0x{esr >> 26:x2}) at 0x{elr:x}"
                    + (register is null ? string.Empty : $", reading `{register}`"),
                register is null
                    ? "please report it with the -cpu value"
                    : $"this CPU or hypervisor traps reads of {register}; please report it with the -cpu value and the accelerator"));
        }

        throw Incomplete(values.Count, image);
    }

    private static DiagnosticException Incomplete(int read, Arm64ProbeImage image) =>
        new(DiagnosticCatalog.ProbeGuestFailed.Create(
            SourceSpan.WholeFile(Source),
            $"the aarch64 probe guest stopped without its full report ({read} of {image.Registers.Count} registers, no `{Arm64ProbeImage.End}` line)",
            "an AArch32-only CPU (cortex-a7, cortex-a15, `aarch64=off`) cannot run the aarch64 guest; otherwise please report it with the -cpu value"));

    private static IEnumerable<string> Lines(string serial) => serial.Split('\n').Select(l => l.Trim());
}
