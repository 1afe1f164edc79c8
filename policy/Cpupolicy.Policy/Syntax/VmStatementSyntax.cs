using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>vm "GLOB" uses PROFILE</c>: VMs whose name matches the glob get the profile.</summary>
public sealed record VmStatementSyntax(StringLiteralSyntax Glob, NameSyntax Profile, LineTrivia Trivia, SourceSpan Span)
    : StatementSyntax(Trivia, Span);
