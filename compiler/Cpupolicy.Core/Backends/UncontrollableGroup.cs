using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends;

/// <summary>Features a backend cannot control, all for one reason (one entry of <c>uncontrollable.yaml</c>).</summary>
public sealed record UncontrollableGroup(string Reason, FeatureSet Features)
{
    /// <summary>
    /// The features of the group a guest never gets under this target, whatever the profile says (a profile feature
    /// among them is warned about, CP0531); the rest the hypervisor decides by itself (Xen's `!` bits, a default).
    /// </summary>
    public FeatureSet NotGiven { get; init; } = FeatureSet.Empty;

    /// <summary>The group with every feature marked never given.</summary>
    public static UncontrollableGroup NeverGiven(string reason, FeatureSet features) => new(reason, features) { NotGiven = features };
}
