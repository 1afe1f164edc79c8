using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>key value</c> inside a target's braces (e.g. <c>format libxl</c>); known keys are checked later.</summary>
public sealed record OptionSyntax(NameSyntax Key, NameSyntax Value, LineTrivia Trivia, SourceSpan Span)
    : BlockEntrySyntax(Trivia, Span);
