using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Qemu.Arm64;

/// <summary>
/// What an aarch64 <c>-cpu</c> decides for its guest, independent of the host it runs on: the model (<c>host</c> or
/// <c>max</c>), the features it certainly shows (<see cref="Seen"/>), the features whose presence it settles either
/// way (<see cref="Decided"/>: switched off by a property, or on a SYSREG-pinned field), and the level of each pinned
/// field. Whatever is not decided is the host's. <see cref="SameAs"/> is equality of all four: the decoded feature
/// set alone would call "pinned to 0" and "left to the host" the same, which is exactly what a pin exists to change.
/// </summary>
public sealed record Arm64CpuControls(string Model, FeatureSet Seen, FeatureSet Decided, IReadOnlyDictionary<string, int> Pinned)
{
    public bool SameAs(Arm64CpuControls other) =>
        Model == other.Model && Seen.Equals(other.Seen) && Decided.Equals(other.Decided)
        && Pinned.Count == other.Pinned.Count && Pinned.All(p => other.Pinned.TryGetValue(p.Key, out var level) && level == p.Value);
}
