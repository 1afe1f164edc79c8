using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Libvirt;

/// <summary>One <c>&lt;feature policy=... name=...&gt;</c> as read from XML or KubeVirt YAML, with where it was.</summary>
public sealed record LibvirtFeatureRef(string? Name, string? Policy, SourceSpan Span);
