using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Syntax;
using Sprache;

namespace Cpupolicy.Policy.Parsing;

/// <summary>An operator read by the grammar: which one, where (as input and as span), and comments around it.</summary>
internal sealed record OperatorToken(BinaryOperator Operator, IInput At, SourceSpan Span, IReadOnlyList<CommentSyntax> Hoisted);
