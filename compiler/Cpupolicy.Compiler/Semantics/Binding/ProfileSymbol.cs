using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary>A declared profile: its bound expression and its constraints.</summary>
public sealed record ProfileSymbol(string Name, SourceSpan Span, BoundExpression Expression, IReadOnlyList<BoundConstraint> Constraints);
