using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Semantics.Checking;

/// <summary>
/// Evaluates bound profile expressions to feature sets. Profiles may refer to other profiles; the binder has already
/// rejected cycles, so plain memoised recursion terminates. Each profile has one architecture: aarch64 when it
/// derives from an aarch64 host (or, without hosts, names only aarch64 features), else x86. On aarch64 a feature
/// list is closed under prerequisites (a field level implies the lower ones), hosts combine by the field-wise
/// minimum of their levels, and <c>A - B</c> also drops what needs a feature of B (the field is capped below it).
/// </summary>
public sealed class ProfileEvaluator
{
    private readonly Dictionary<string, ProfileSymbol> profiles;
    private readonly ModelDatabase models;
    private readonly Arm64Database arm64 = Arm64Database.Default;
    private readonly Dictionary<string, ProfileValue> memo = new(StringComparer.Ordinal);
    private readonly GuestKinds kinds;
    private readonly Dictionary<string, string> archMemo = new(StringComparer.Ordinal);

    public ProfileEvaluator(BoundPolicy policy, ModelDatabase models)
    {
        profiles = policy.Profiles.ToDictionary(p => p.Name, StringComparer.Ordinal);
        this.models = models;

        // The targets' hypervisors define what a host offers by default (no target block: every backend, both kinds).
        kinds = TargetGuestKinds.Of(policy.Targets.Select(t => t.Options.Backend));
    }

    /// <summary>Names and models of the other architecture met while evaluating, for the checker to report.</summary>
    public List<(string Profile, string Written, Cpupolicy.Core.Diagnostics.SourceSpan Span, string Arch)> Foreign { get; } = [];

    public ProfileValue Evaluate(string profileName)
    {
        if (memo.TryGetValue(profileName, out var cached))
        {
            return cached;
        }

        var arch = ArchOf(profileName);
        var value = Evaluate(profiles[profileName].Expression, arch, profileName);
        memo[profileName] = value;
        return value;
    }

    /// <summary>The architecture of a profile: that of its hosts, else of the feature names it uses, else x86.</summary>
    public string ArchOf(string profileName)
    {
        if (archMemo.TryGetValue(profileName, out var known))
        {
            return known;
        }

        var expression = profiles[profileName].Expression;
        var arch = HostArch(expression) ?? NameArch(expression) ?? CpuArchitecture.X86;
        archMemo[profileName] = arch;
        return arch;
    }

    public ProfileValue Evaluate(BoundExpression expression) =>
        Evaluate(expression, HostArch(expression) ?? NameArch(expression) ?? CpuArchitecture.X86, "<expression>");

    private ProfileValue Evaluate(BoundExpression expression, string arch, string profile) => expression switch
    {
        BoundFeatureList list => FromList(list, arch, profile),
        BoundModel model when arch == CpuArchitecture.Aarch64 => Foreigner(profile, $"model({model.Model.Name})", model.Span, arch),
        BoundModel model => new ProfileValue(models.Resolve(model.Model).Features, []),
        BoundBaseline baseline => FromHosts(baseline.Hosts, arch),
        BoundHostReference host => FromHosts([host.Host], arch),
        BoundPoolReference pool => FromHosts(pool.Pool.Hosts, arch),
        BoundProfileReference reference => Evaluate(reference.ProfileName),
        BoundBinary binary => Combine(binary, arch, profile),
        _ => throw new InvalidOperationException($"unhandled expression {expression.GetType().Name}"),
    };

    private ProfileValue FromList(BoundFeatureList list, string arch, string profile)
    {
        if (arch == CpuArchitecture.Aarch64)
        {
            foreach (var f in list.Features.Where(f => f.Arm64 is null))
            {
                Foreign.Add((profile, f.Written, f.Span, arch));
            }

            var set = FeatureSet.Of(list.Features.Where(f => f.Arm64 is not null).Select(f => f.Arm64!.Index));
            return new ProfileValue(arm64.CloseUnderRequires(set), []) { Arch = arch };
        }

        foreach (var f in list.Features.Where(f => f.Feature is null))
        {
            Foreign.Add((profile, f.Written, f.Span, arch));
        }

        return new ProfileValue(FeatureSet.Of(list.Features.Where(f => f.Feature is not null).Select(f => f.Feature!)), []);
    }

    private ProfileValue Foreigner(string profile, string written, Cpupolicy.Core.Diagnostics.SourceSpan span, string arch)
    {
        Foreign.Add((profile, written, span, arch));
        return new ProfileValue(FeatureSet.Empty, []) { Arch = arch };
    }

    private ProfileValue FromHosts(IReadOnlyList<HostSymbol> hosts, string arch)
    {
        var arm = hosts.Where(h => h.Arm64 is not null).ToList();
        if (arch == CpuArchitecture.Aarch64 && arm.Count == hosts.Count)
        {
            // The minimum feature set: field-wise minimum of levels (signed fields as signed), not an AND of bits.
            var levels = arm.Select(h => h.Arm64!.Levels).Aggregate((a, b) => a.Minimum(b));
            return new ProfileValue(levels.Features, hosts) { Arch = arch };
        }

        // Mixed architectures (reported by the checker) evaluate to nothing rather than to a set of mixed indices.
        return arm.Count > 0
            ? new ProfileValue(FeatureSet.Empty, hosts) { Arch = arch }
            : new ProfileValue(hosts.Select(h => h.ViewFor(kinds, models.FeatureDb)).Aggregate((a, b) => a & b), hosts) { Arch = arch };
    }

    private ProfileValue Combine(BoundBinary binary, string arch, string profile)
    {
        var left = Evaluate(binary.Left, arch, profile);
        var right = Evaluate(binary.Right, arch, profile);
        var features = binary.Operator switch
        {
            SetOperator.Union => left.Features | right.Features,
            SetOperator.Difference when arch == CpuArchitecture.Aarch64 => left.Features - WithDependents(left.Features, right.Features),
            SetOperator.Difference => left.Features - right.Features,
            SetOperator.Intersection => left.Features & right.Features,
            _ => throw new InvalidOperationException($"unhandled operator {binary.Operator}"),
        };

        // The hosts a profile must run on are those of both operands, except that subtracting a host's
        // capability (`a - hostB`) only removes features: it does not make the profile run on hostB.
        var hosts = binary.Operator == SetOperator.Difference
            ? left.Hosts
            : left.Hosts.Concat(right.Hosts).Distinct().ToList();
        return new ProfileValue(features, hosts) { Arch = arch };
    }

    /// <summary>The removed features and every feature of <paramref name="from"/> that needs one of them.</summary>
    private FeatureSet WithDependents(FeatureSet from, FeatureSet removed) =>
        removed | FeatureSet.Of(arm64.Expand(from).Where(f => !(f.RequiresAll & removed).IsEmpty).Select(f => f.Index));

    private string? HostArch(BoundExpression e) => Hosts(e, []).Select(h => h.Arm64 is not null ? CpuArchitecture.Aarch64 : CpuArchitecture.X86)
        .OrderBy(a => a == CpuArchitecture.Aarch64 ? 0 : 1).FirstOrDefault();

    private IEnumerable<HostSymbol> Hosts(BoundExpression e, HashSet<string> visiting) => e switch
    {
        BoundBaseline b => b.Hosts,
        BoundHostReference h => [h.Host],
        BoundPoolReference p => p.Pool.Hosts,
        BoundProfileReference r when profiles.ContainsKey(r.ProfileName) && visiting.Add(r.ProfileName) => Hosts(profiles[r.ProfileName].Expression, visiting),
        BoundBinary b => Hosts(b.Left, visiting).Concat(Hosts(b.Right, visiting)),
        _ => [],
    };

    /// <summary>aarch64 when some name is aarch64-only, x86 when some is x86-only or a model is used, else null.</summary>
    private string? NameArch(BoundExpression e)
    {
        var names = Names(e, []).ToList();
        if (names.Any(n => n.Feature is null && n.Arm64 is not null))
        {
            return CpuArchitecture.Aarch64;
        }

        return names.Any(n => n.Feature is not null && n.Arm64 is null) || HasModel(e, []) ? CpuArchitecture.X86 : null;
    }

    private IEnumerable<BoundFeatureName> Names(BoundExpression e, HashSet<string> visiting) => e switch
    {
        BoundFeatureList l => l.Features,
        BoundProfileReference r when profiles.ContainsKey(r.ProfileName) && visiting.Add(r.ProfileName) => Names(profiles[r.ProfileName].Expression, visiting),
        BoundBinary b => Names(b.Left, visiting).Concat(Names(b.Right, visiting)),
        _ => [],
    };

    private bool HasModel(BoundExpression e, HashSet<string> visiting) => e switch
    {
        BoundModel => true,
        BoundProfileReference r when profiles.ContainsKey(r.ProfileName) && visiting.Add(r.ProfileName) => HasModel(profiles[r.ProfileName].Expression, visiting),
        BoundBinary b => HasModel(b.Left, visiting) || HasModel(b.Right, visiting),
        _ => false,
    };
}
