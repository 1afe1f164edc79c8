using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary>
/// A feature name as the user wrote it, resolved, with its span (for messages that point at it). A name may be an x86
/// feature (<see cref="Feature"/>), an aarch64 one (<see cref="Arm64"/>), or both (<c>aes</c>): which one counts is
/// decided per profile by its architecture. <c>FIELD &gt;= LEVEL</c> is aarch64 only.
/// </summary>
public sealed record BoundFeatureName(FeatureDefinition? Feature, string Written, SourceSpan Span)
{
    public Arm64Feature? Arm64 { get; init; }
}
