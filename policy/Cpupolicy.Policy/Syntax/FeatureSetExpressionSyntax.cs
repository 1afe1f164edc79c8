using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>{f1, f2, ...}</c>: these features (possibly none: <c>{}</c>).</summary>
public sealed record FeatureSetExpressionSyntax(SyntaxList<NameSyntax> Features, SourceSpan Span) : ExpressionSyntax(Span);
