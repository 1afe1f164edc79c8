using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// The <c>LEVEL</c> of <c>FIELD &gt;= LEVEL</c> in a feature list: a number (<c>2</c>, <c>0x2</c>, <c>0b0010</c>) or
/// the field's own name for the level (<c>PMULL</c>, <c>IMP</c>). Which field it belongs to, and whether the level
/// exists, is for the binder to decide.
/// </summary>
public sealed record FieldLevelSyntax(string Text, SourceSpan Span) : SyntaxNode(Span);
