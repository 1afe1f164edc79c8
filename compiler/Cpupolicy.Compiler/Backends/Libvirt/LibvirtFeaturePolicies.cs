using Cpupolicy.Compiler.Database;
using Cpupolicy.Policy.Diagnostics;

namespace Cpupolicy.Compiler.Backends.Libvirt;

/// <summary>The listed features of a libvirt <c>&lt;cpu&gt;</c> under each policy; the optional ones also with where they were.</summary>
public sealed record LibvirtFeaturePolicies(
    FeatureSet Force,
    FeatureSet Require,
    FeatureSet Optional,
    FeatureSet Disable,
    FeatureSet Forbid,
    IReadOnlyList<(string Name, SourceSpan Span)> OptionalAt);
