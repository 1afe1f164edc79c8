using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends;

/// <summary>Features a backend cannot control, all for one reason (one entry of <c>uncontrollable.yaml</c>).</summary>
public sealed record UncontrollableGroup(string Reason, FeatureSet Features)
{
    /// <summary>
    /// Every feature of the database under the first rule that applies to it, rules in order; rules that take no
    /// feature (all of theirs were taken by an earlier one) give no group.
    /// </summary>
    public static IReadOnlyList<UncontrollableGroup> ByFirstRule(FeatureDatabase db, IEnumerable<(string Reason, Func<FeatureDefinition, bool> Applies)> rules)
    {
        var groups = new List<UncontrollableGroup>();
        var left = db.All;
        foreach (var (reason, applies) in rules)
        {
            var hit = FeatureSet.Of(db.Expand(left).Where(applies));
            if (!hit.IsEmpty)
            {
                groups.Add(new UncontrollableGroup(reason, hit));
                left -= hit;
            }
        }

        return groups;
    }
}
