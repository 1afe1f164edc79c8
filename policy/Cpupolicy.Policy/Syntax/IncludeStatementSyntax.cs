using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>include "PATH"</c>: read another policy file here (resolved and cycle-checked later).</summary>
public sealed record IncludeStatementSyntax(StringLiteralSyntax Path, LineTrivia Trivia, SourceSpan Span)
    : StatementSyntax(Trivia, Span);
