using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;

namespace Cpupolicy.Compiler.Probe.Arm64;

/// <summary>One difference between what the guest read and what an expected inventory says.</summary>
/// <param name="Register">The register.</param>
/// <param name="Field">The database field, or null for the whole value (MIDR_EL1, CNTFRQ_EL0, bits no field describes).</param>
/// <param name="Expected">The expected field level name or register value.</param>
/// <param name="Guest">What the guest read.</param>
public sealed record Arm64RegisterDifference(string Register, string? Field, string Expected, string Guest);

/// <summary>
/// The guest's registers against an expected aarch64 inventory (an ID-register dump, or /proc/cpuinfo whose hwcaps
/// are all it states). Where the inventory has register values, every register both have is compared field by field
/// (and as a whole for the registers and bits no database field covers); features are compared within what the
/// inventory can state (<see cref="Arm64Host.Knowable"/>).
/// </summary>
public sealed record Arm64ProbeComparison
{
    public required string ExpectedSource { get; init; }

    public required IReadOnlyList<Arm64RegisterDifference> Differences { get; init; }

    /// <summary>The expected inventory's features the guest lacks.</summary>
    public required FeatureSet Missing { get; init; }

    /// <summary>The guest's features beyond the expected inventory's (within what it states).</summary>
    public required FeatureSet Extra { get; init; }

    public bool Matches => Differences.Count == 0 && Missing.IsEmpty && Extra.IsEmpty;

    public static Arm64ProbeComparison Compare(Arm64ProbeObservation observation, Arm64Host expected, string expectedSource)
    {
        var db = observation.Guest.Database;
        var differences = new List<Arm64RegisterDifference>();
        foreach (var (register, want) in (expected.Registers ?? new Dictionary<string, ulong>()).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!observation.Registers.TryGetValue(register, out var got) || got == want)
            {
                continue;
            }

            var fields = db.Fields.Where(f => f.Register == register).ToList();
            var covered = 0UL;
            foreach (var f in fields)
            {
                covered |= ((1UL << f.Width) - 1) << f.Lsb;
                if (f.Level(want) != f.Level(got))
                {
                    differences.Add(new Arm64RegisterDifference(register, f.Name, f.LevelName(f.Level(want)), f.LevelName(f.Level(got))));
                }
            }

            if ((want & ~covered) != (got & ~covered))
            {
                differences.Add(new Arm64RegisterDifference(register, null, Arm64RegisterDump.Hex(want & ~covered), Arm64RegisterDump.Hex(got & ~covered)));
            }
        }

        var guest = observation.Guest.Features & expected.Knowable;
        var wanted = expected.Features & expected.Knowable;
        return new Arm64ProbeComparison
        {
            ExpectedSource = expectedSource,
            Differences = differences,
            Missing = wanted - guest,
            Extra = guest - wanted,
        };
    }
}
