using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Semantics.Checking;

/// <summary>
/// Evaluates bound profile expressions to feature sets. Profiles may refer to other profiles; the binder has already
/// rejected cycles, so plain memoised recursion terminates.
/// </summary>
public sealed class ProfileEvaluator
{
    private readonly Dictionary<string, ProfileSymbol> profiles;
    private readonly ModelDatabase models;
    private readonly Dictionary<string, ProfileValue> memo = new(StringComparer.Ordinal);
    private readonly GuestKinds kinds;

    public ProfileEvaluator(BoundPolicy policy, ModelDatabase models)
    {
        profiles = policy.Profiles.ToDictionary(p => p.Name, StringComparer.Ordinal);
        this.models = models;

        // The targets' hypervisors define what a host offers by default (no target block: every backend, both kinds).
        kinds = TargetGuestKinds.Of(policy.Targets.Select(t => t.Options.Backend));
    }

    public ProfileValue Evaluate(string profileName)
    {
        if (memo.TryGetValue(profileName, out var cached))
        {
            return cached;
        }

        var value = Evaluate(profiles[profileName].Expression);
        memo[profileName] = value;
        return value;
    }

    public ProfileValue Evaluate(BoundExpression expression) => expression switch
    {
        BoundFeatureList list => new ProfileValue(FeatureSet.Of(list.Features.Select(f => f.Feature)), []),
        BoundModel model => new ProfileValue(models.Resolve(model.Model).Features, []),
        BoundBaseline baseline => FromHosts(baseline.Hosts),
        BoundHostReference host => FromHosts([host.Host]),
        BoundPoolReference pool => FromHosts(pool.Pool.Hosts),
        BoundProfileReference reference => Evaluate(reference.ProfileName),
        BoundBinary binary => Combine(binary),
        _ => throw new InvalidOperationException($"unhandled expression {expression.GetType().Name}"),
    };

    private ProfileValue FromHosts(IReadOnlyList<HostSymbol> hosts) =>
        new(hosts.Select(h => h.ViewFor(kinds, models.FeatureDb)).Aggregate((a, b) => a & b), hosts);

    private ProfileValue Combine(BoundBinary binary)
    {
        var left = Evaluate(binary.Left);
        var right = Evaluate(binary.Right);
        var features = binary.Operator switch
        {
            SetOperator.Union => left.Features | right.Features,
            SetOperator.Difference => left.Features - right.Features,
            SetOperator.Intersection => left.Features & right.Features,
            _ => throw new InvalidOperationException($"unhandled operator {binary.Operator}"),
        };

        // The hosts a profile must run on are those of both operands, except that subtracting a host's
        // capability (`a - hostB`) only removes features: it does not make the profile run on hostB.
        var hosts = binary.Operator == SetOperator.Difference
            ? left.Hosts
            : left.Hosts.Concat(right.Hosts).Distinct().ToList();
        return new ProfileValue(features, hosts);
    }
}
