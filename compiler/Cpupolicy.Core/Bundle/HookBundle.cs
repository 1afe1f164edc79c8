using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Bundle;

/// <summary>
/// The compiled policy as a hook reads it (bundle.json, checked by <see cref="BundleReader"/>): profiles by name, VM
/// rules in policy order, the default profile, the hook settings stored at compile time (null where absent) and each
/// compiled target's options, which say what every artifact of that backend is (its release, model, ...).
/// </summary>
public sealed record HookBundle(
    string Path,
    IReadOnlyDictionary<string, BundleProfile> Profiles,
    IReadOnlyList<BundleVmRule> VmRules,
    string? DefaultProfile,
    string? Mode,
    string? OnError)
{
    /// <summary>The options each compiled target's artifacts were emitted with, by backend name.</summary>
    public IReadOnlyDictionary<string, TargetOptions> Targets { get; init; } = new Dictionary<string, TargetOptions>(StringComparer.Ordinal);

    /// <summary>The options <paramref name="backend"/>'s artifacts were emitted with (the bundle has them for every artifact).</summary>
    public TargetOptions Target(string backend) =>
        Targets.TryGetValue(backend, out var options) ? options : TargetOptions.Defaults(backend);
}
