using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.PolicyTests;

/// <summary>One assertion of a policy test file (<c>NAME.test.yaml</c>), with the span of its entry for messages.</summary>
public abstract record PolicyAssertion(string Name, SourceSpan Span);

/// <summary>
/// VMs whose names match <see cref="VmGlob"/> can (or, with <see cref="ExpectCompatible"/> false, cannot) live-migrate
/// to every host of <see cref="Hosts"/> (a pool's hosts, or one host).
/// </summary>
public sealed record MigrateAssertion(string Name, SourceSpan Span, string VmGlob, string Destination, bool DestinationIsPool, bool ExpectCompatible)
    : PolicyAssertion(Name, Span);

/// <summary>A profile has every feature of <see cref="Keeps"/> and none of <see cref="Lacks"/> (any backend's spelling).</summary>
public sealed record ProfileFeaturesAssertion(string Name, SourceSpan Span, string Profile, IReadOnlyList<string> Keeps, IReadOnlyList<string> Lacks)
    : PolicyAssertion(Name, Span);

/// <summary>Adding the host read from <see cref="InventoryPath"/> (into <see cref="IntoPools"/>) changes none of <see cref="Unchanged"/>.</summary>
public sealed record HostAdditionAssertion(string Name, SourceSpan Span, string HostName, string InventoryPath, IReadOnlyList<string> IntoPools, IReadOnlyList<string> Unchanged)
    : PolicyAssertion(Name, Span);
