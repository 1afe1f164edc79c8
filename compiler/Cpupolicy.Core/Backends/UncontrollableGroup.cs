using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends;

/// <summary>Features a backend cannot control, all for one reason (one entry of <c>uncontrollable.yaml</c>).</summary>
public sealed record UncontrollableGroup(string Reason, FeatureSet Features)
{
    /// <summary>
    /// Every feature of the database under the first rule that applies to it, rules in order; rules that take no
    /// feature (all of theirs were taken by an earlier one) give no group. <paramref name="neverGiven"/> marks the
    /// features of a group a guest never gets (<see cref="NotGiven"/>); without it, none.
    /// </summary>
    public static IReadOnlyList<UncontrollableGroup> ByFirstRule(
        FeatureDatabase db, IEnumerable<(string Reason, Func<FeatureDefinition, bool> Applies)> rules, Func<FeatureDefinition, bool>? neverGiven = null)
    {
        var groups = new List<UncontrollableGroup>();
        var left = db.All;
        foreach (var (reason, applies) in rules)
        {
            var hit = FeatureSet.Of(db.Expand(left).Where(applies));
            if (!hit.IsEmpty)
            {
                groups.Add(new UncontrollableGroup(reason, hit)
                {
                    NotGiven = neverGiven is null ? FeatureSet.Empty : FeatureSet.Of(db.Expand(hit).Where(neverGiven)),
                });
                left -= hit;
            }
        }

        return groups;
    }

    /// <summary>
    /// The features of the group a guest never gets under this target, whatever the profile says (a profile feature
    /// among them is warned about, CP0531); the rest the hypervisor decides by itself (Xen's `!` bits, a default).
    /// </summary>
    public FeatureSet NotGiven { get; init; } = FeatureSet.Empty;

    /// <summary>The group with every feature marked never given.</summary>
    public static UncontrollableGroup NeverGiven(string reason, FeatureSet features) => new(reason, features) { NotGiven = features };
}
