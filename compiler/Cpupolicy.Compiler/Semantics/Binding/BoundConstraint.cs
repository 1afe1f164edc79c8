using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary>A constraint of a profile block.</summary>
public abstract record BoundConstraint(SourceSpan Span);

/// <summary><c>require f, g</c>: the profile must have each.</summary>
public sealed record BoundRequire(SourceSpan Span, IReadOnlyList<BoundFeatureName> Features) : BoundConstraint(Span);

/// <summary><c>forbid f, g</c>: the profile must have none.</summary>
public sealed record BoundForbid(SourceSpan Span, IReadOnlyList<BoundFeatureName> Features) : BoundConstraint(Span);

/// <summary><c>vendor intel</c>: every host the profile derives from must be of this vendor.</summary>
public sealed record BoundVendor(SourceSpan Span, CpuVendor Vendor) : BoundConstraint(Span);
