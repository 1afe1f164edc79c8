using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>host NAME from "PATH"</c>: the host's capability comes from an inventory file.</summary>
public sealed record HostFromStatementSyntax(NameSyntax Name, StringLiteralSyntax Path, LineTrivia Trivia, SourceSpan Span)
    : StatementSyntax(Trivia, Span);
