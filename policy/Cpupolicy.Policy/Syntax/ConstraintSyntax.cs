using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>A constraint inside a profile's braces (<c>require</c>, <c>forbid</c>, <c>vendor</c>).</summary>
public abstract record ConstraintSyntax(LineTrivia Trivia, SourceSpan Span) : BlockEntrySyntax(Trivia, Span);

/// <summary><c>require f1, f2</c>: the profile must contain each feature.</summary>
public sealed record RequireConstraintSyntax(SyntaxList<NameSyntax> Features, LineTrivia Trivia, SourceSpan Span)
    : ConstraintSyntax(Trivia, Span);

/// <summary><c>forbid f1, f2</c>: the profile must contain none of the features.</summary>
public sealed record ForbidConstraintSyntax(SyntaxList<NameSyntax> Features, LineTrivia Trivia, SourceSpan Span)
    : ConstraintSyntax(Trivia, Span);

/// <summary><c>vendor intel</c> / <c>vendor amd</c>: every host the profile derives from has this vendor.</summary>
public sealed record VendorConstraintSyntax(VendorKeyword Vendor, SourceSpan VendorSpan, LineTrivia Trivia, SourceSpan Span)
    : ConstraintSyntax(Trivia, Span);
