using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>default uses PROFILE</c>: the profile of VMs that no <c>vm</c> line matches.</summary>
public sealed record DefaultStatementSyntax(NameSyntax Profile, LineTrivia Trivia, SourceSpan Span)
    : StatementSyntax(Trivia, Span);
