using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>pool NAME = A, B, ...</c>: a pool of hosts and other pools.</summary>
public sealed record PoolStatementSyntax(NameSyntax Name, SyntaxList<NameSyntax> Members, LineTrivia Trivia, SourceSpan Span)
    : StatementSyntax(Trivia, Span);
