using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Database.Arm64;

namespace Cpupolicy.Compiler.Probe.Arm64;

/// <summary>What one aarch64 probe boot showed: the register values the guest read, and the host they describe.</summary>
public sealed record Arm64ProbeObservation
{
    public required ProbeRun Run { get; init; }

    /// <summary>Register name to the value the guest read (MIDR_EL1, the ID registers, CNTFRQ_EL0).</summary>
    public required IReadOnlyDictionary<string, ulong> Registers { get; init; }

    /// <summary>The guest's CPU as an aarch64 inventory reads it: field levels, features, MIDR.</summary>
    public required Arm64Host Guest { get; init; }

    /// <summary>The ID-register dump (an inventory file) of what the guest read.</summary>
    public string Dump => Arm64RegisterDump.ToText(Registers, Guest.Database);
}

/// <summary>Boots the aarch64 probe with one <c>-cpu</c> value and reads the registers the guest saw.</summary>
public static class Arm64Prober
{
    public static Arm64ProbeObservation Observe(string cpu, ProbeRunOptions options, Arm64ProbeImage? image = null, Arm64Database? db = null)
    {
        db ??= Arm64Database.Default;
        image ??= Arm64ProbeImage.Default;
        var run = Arm64ProbeRunner.Run(image, cpu, options);
        var registers = Arm64ProbeOutput.Parse(run.Serial, image);

        // Read back through the inventory reader, the same code that reads a saved dump.
        var guest = Arm64RegisterReader.Parse(Arm64RegisterDump.ToText(registers, db), Arm64ProbeOutput.Source, db).Arm64!;
        return new Arm64ProbeObservation { Run = run, Registers = registers, Guest = guest };
    }
}
