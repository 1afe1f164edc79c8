using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>target BACKEND [{ OPTIONS }]</c>: emit artifacts for a backend. Backend and option names are checked later.</summary>
public sealed record TargetStatementSyntax(NameSyntax Backend, BlockSyntax<OptionSyntax>? Options, LineTrivia Trivia, SourceSpan Span)
    : StatementSyntax(Trivia, Span);
