namespace Cpupolicy.Compiler.Hooks;

/// <summary>
/// The compiled policy a hook reads (bundle.json, written by <c>Emit/BundleWriter</c>): profiles by name, VM rules
/// in policy order, the default profile and the hook settings stored at compile time (null where absent).
/// </summary>
public sealed record HookBundle(
    string Path,
    IReadOnlyDictionary<string, BundleProfile> Profiles,
    IReadOnlyList<BundleVmRule> VmRules,
    string? DefaultProfile,
    string? Mode,
    string? OnError);
