using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Ir;
using FsCheck;
using FsCheck.Fluent;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// Generated aarch64 profiles for the backend laws: random field levels for up to three hosts (each closed under
/// prerequisites, as real ID registers are), the profile a random subset of their field-wise minimum (closed), or a
/// profile without hosts. Features index <see cref="Arm64Database"/>.
/// </summary>
public static class Arm64TestProfiles
{
    public static Arm64Database Db => Arm64Database.Default;

    public static Arbitrary<ProfileIr> Arbitrary() =>
        Arb.From(
            from seed in Gen.Choose(0, int.MaxValue - 1)
            from hosts in Gen.Choose(0, 3)
            from density in Gen.Choose(0, 100)
            select Make(seed, hosts, density / 100.0));

    public static ProfileIr Make(int seed, int hostCount, double density)
    {
        var random = new Random(seed);
        var hosts = Enumerable.Range(0, hostCount).Select(_ => RandomClosed(random, 0.3 + (random.NextDouble() * 0.6))).ToList();
        var ceiling = hosts.Count == 0
            ? Db.All
            : hosts.Select(h => Arm64Levels.FromFeatures(h, Db)).Aggregate((a, b) => a.Minimum(b)).Features;
        var chosen = FeatureSet.Of(Db.Expand(ceiling).Where(_ => random.NextDouble() < density).Select(f => f.Index));

        // Closed under prerequisites and still within the ceiling (a prerequisite of a ceiling feature is in it).
        var features = Db.CloseUnderRequires(chosen) & ceiling;
        features = FeatureSet.Of(Db.Expand(features).Where(f => (f.RequiresAll - features).IsEmpty).Select(f => f.Index));
        return new ProfileIr
        {
            Name = $"arm{seed % 1000}",
            Arch = ProfileIr.Aarch64,
            Features = features,
            Vendor = CpuVendor.HiSilicon,
            HostBaseline = hosts.Count == 0 ? null : ceiling,
            Hosts = hosts.Select((_, i) => $"h{i}").ToList(),
            HostCpus = hosts.Select((h, i) => new ProfileHost($"h{i}", h)).ToList(),
        };
    }

    /// <summary>A host's features: random levels per field, as the features those levels give.</summary>
    private static FeatureSet RandomClosed(Random random, double density) => Db.CloseUnderRequires(RawLevels(random, density).Features);

    /// <summary>
    /// A host's real ID-register state: each field, with this probability, at a random level one of its features
    /// names, then raised where a present feature needs another (SVE2 needs SVE), as real ID registers are. Fields
    /// are independent, so the PAuth fields (APA, API, APA3) of one host may differ from another's.
    /// </summary>
    public static Arm64Levels RandomLevels(Random random, double density) =>
        Arm64Levels.FromFeatures(Db.CloseUnderRequires(RawLevels(random, density).Features), Db);

    private static Arm64Levels RawLevels(Random random, double density)
    {
        var levels = Arm64Levels.None(Db);
        foreach (var field in Db.Fields)
        {
            var onField = Db.Features.Where(f => f.Primary.Field.Key == field.Key && f.When.Count == 1).ToList();
            if (onField.Count > 0 && random.NextDouble() < density)
            {
                levels = levels.With(field, onField[random.Next(onField.Count)].Primary.Level);
            }
        }

        return levels;
    }

    /// <summary>The /proc/cpuinfo of a host with these levels: its hwcap names, a Kunpeng MIDR.</summary>
    public static string Cpuinfo(Arm64Levels real) =>
        "processor\t: 0\n" +
        $"Features\t: {string.Join(' ', Db.Expand(real.Features).Where(f => f.IsHwcap).Select(f => f.Name))}\n" +
        "CPU implementer\t: 0x48\nCPU architecture: 8\nCPU variant\t: 0x1\nCPU part\t: 0xd01\nCPU revision\t: 0\n";

    /// <summary>What the compiler knows of a host with these levels from its /proc/cpuinfo (hwcap names only).</summary>
    public static Arm64Levels FromCpuinfo(Arm64Levels real) =>
        Compiler.Inventory.Arm64CpuinfoReader.Parse(Cpuinfo(real), "host.cpuinfo", Db).Arm64!.Levels;
}
