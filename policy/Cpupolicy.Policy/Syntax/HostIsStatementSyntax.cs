using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>host NAME is MODEL</c>: the host's capability is a named CPU model.</summary>
public sealed record HostIsStatementSyntax(NameSyntax Name, NameSyntax Model, LineTrivia Trivia, SourceSpan Span)
    : StatementSyntax(Trivia, Span);
