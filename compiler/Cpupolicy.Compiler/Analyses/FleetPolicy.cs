using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Core.IO;
using Cpupolicy.Core.Ir;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// A compiled policy seen as a fleet: its hosts (with capabilities), pools, profiles (with artifacts) and VM rules.
/// The fleet analyses start from here; a policy with errors has no fleet (<see cref="HasErrors"/>).
/// </summary>
public sealed class FleetPolicy
{
    private FleetPolicy(string path, Compilation result)
    {
        Path = path;
        Result = result;
    }

    /// <summary>The policy's path as given (for messages).</summary>
    public string Path { get; }

    public Compilation Result { get; }

    public bool HasErrors => Result.HasErrors || Result.Bound is null || Result.Lowered is null;

    public IReadOnlyList<Diagnostic> Diagnostics => Result.Diagnostics;

    public BoundPolicy Bound => Result.Bound ?? throw new InvalidOperationException("the policy did not bind");

    public IReadOnlyList<HostSymbol> Hosts => Bound.Hosts;

    public IReadOnlyList<PoolSymbol> Pools => Bound.Pools;

    /// <summary>Every profile with its artifacts, sorted by name.</summary>
    public IReadOnlyList<EmittedProfile> Profiles => Result.Profiles;

    public IReadOnlyList<VmRule> VmRules => Result.Lowered?.VmRules ?? [];

    public VmRule? Default => Result.Lowered?.Default;

    /// <summary>Compiles the policy at <paramref name="path"/> (<c>-</c> = stdin); check <see cref="HasErrors"/>.</summary>
    public static FleetPolicy Load(string path, TextReader? stdin = null, IReadOnlyList<string>? onlyTargets = null)
    {
        var text = InputFile.ReadText(path, stdin);
        var display = path == "-" ? "<stdin>" : path;
        return new FleetPolicy(display, Compilation.Compile(text, display, onlyTargets));
    }

    /// <summary>Wraps a compilation made elsewhere (the planner compiles a rewritten policy).</summary>
    public static FleetPolicy From(string path, Compilation result) => new(path, result);

    public HostSymbol? FindHost(string name) => Hosts.FirstOrDefault(h => h.Name == name);

    /// <summary>The host of this name; throws CP0802 (with close names) when the policy has none.</summary>
    public HostSymbol RequireHost(string name, string option)
    {
        return FindHost(name) ?? throw new DiagnosticException(DiagnosticCatalog.HostNotInPolicy.Create(
            SourceSpan.WholeFile(Path),
            $"`{option} {name}`: the policy declares no host `{name}`",
            Hint(name, Hosts.Select(h => h.Name), "hosts")));
    }

    public PoolSymbol RequirePool(string name)
    {
        return Pools.FirstOrDefault(p => p.Name == name) ?? throw new DiagnosticException(DiagnosticCatalog.PoolNotInPolicy.Create(
            SourceSpan.WholeFile(Path),
            $"`--pool {name}`: the policy declares no pool `{name}`",
            Hint(name, Pools.Select(p => p.Name), "pools")));
    }

    public EmittedProfile? FindProfile(string name) => Profiles.FirstOrDefault(p => p.Profile.Name == name);

    /// <summary>The pools a host belongs to, in declaration order.</summary>
    public IReadOnlyList<PoolSymbol> PoolsOf(string host) => Pools.Where(p => p.Hosts.Any(h => h.Name == host)).ToList();

    /// <summary>
    /// The profiles VMs can use: those a <c>vm</c> rule or <c>default</c> names; every profile when the policy has no
    /// rule at all (then nothing says which profiles are idle).
    /// </summary>
    public IReadOnlyList<ProfileIr> UsedProfiles()
    {
        var named = VmRules.Select(r => r.ProfileName).Concat(Default is { } d ? [d.ProfileName] : []).ToHashSet(StringComparer.Ordinal);
        return Profiles.Select(p => p.Profile).Where(p => named.Count == 0 || named.Contains(p.Name)).ToList();
    }

    /// <summary>The VM globs that use a profile, in rule order (<c>default</c> last, as null).</summary>
    public IReadOnlyList<string?> GlobsOf(string profile) =>
        VmRules.Where(r => r.ProfileName == profile).Select(r => r.Glob)
            .Concat(Default is { } d && d.ProfileName == profile ? [null] : Array.Empty<string?>())
            .ToList();

    private static string Hint(string name, IEnumerable<string> known, string what)
    {
        var list = known.ToList();
        var close = NameSuggester.Suggest(name, list);
        return NameSuggester.DidYouMean(close)
            ?? (list.Count > 0 ? $"its {what} are {string.Join(", ", list.Select(c => $"`{c}`"))}" : $"the policy declares no {what}");
    }
}
