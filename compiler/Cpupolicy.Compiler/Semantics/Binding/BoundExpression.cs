using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary>A feature-set expression whose names are resolved to features, models, hosts, pools and profiles.</summary>
public abstract record BoundExpression(SourceSpan Span);

/// <summary><c>{f1, f2}</c>: each feature with the span of its name.</summary>
public sealed record BoundFeatureList(SourceSpan Span, IReadOnlyList<BoundFeatureName> Features) : BoundExpression(Span);

/// <summary><c>model(NAME)</c>.</summary>
public sealed record BoundModel(SourceSpan Span, CpuModel Model) : BoundExpression(Span);

/// <summary><c>baseline(A, B)</c>: the hosts of every named host and pool.</summary>
public sealed record BoundBaseline(SourceSpan Span, IReadOnlyList<HostSymbol> Hosts) : BoundExpression(Span);

/// <summary>A bare name: a host (its capability), a pool (its baseline) or a profile (its value).</summary>
public sealed record BoundHostReference(SourceSpan Span, HostSymbol Host) : BoundExpression(Span);

public sealed record BoundPoolReference(SourceSpan Span, PoolSymbol Pool) : BoundExpression(Span);

public sealed record BoundProfileReference(SourceSpan Span, string ProfileName) : BoundExpression(Span);

/// <summary><c>E1 + E2</c>, <c>E1 - E2</c>, <c>E1 &amp; E2</c>.</summary>
public sealed record BoundBinary(SourceSpan Span, SetOperator Operator, BoundExpression Left, BoundExpression Right) : BoundExpression(Span);

public enum SetOperator
{
    Union,
    Difference,
    Intersection,
}
