namespace Cpupolicy.Core.Diagnostics;

/// <summary>CP01xx: syntax errors found while parsing a policy file (see <c>Parsing/SyntaxErrorReporter</c>).</summary>
public static partial class DiagnosticCatalog
{
    public static readonly DiagnosticDescriptor UnexpectedCharacter = new("CP0101", Severity.Error, "unexpected character");
    public static readonly DiagnosticDescriptor UnterminatedString = new("CP0102", Severity.Error, "unterminated string");
    public static readonly DiagnosticDescriptor InvalidEscape = new("CP0103", Severity.Error, "invalid escape in a string");
    public static readonly DiagnosticDescriptor UnknownStatement = new("CP0104", Severity.Error, "unknown statement keyword");
    public static readonly DiagnosticDescriptor MissingEquals = new("CP0105", Severity.Error, "missing `=`");
    public static readonly DiagnosticDescriptor UnclosedParenthesis = new("CP0106", Severity.Error, "unclosed `(`");
    public static readonly DiagnosticDescriptor UnclosedBrace = new("CP0107", Severity.Error, "unclosed `{`");
    public static readonly DiagnosticDescriptor MisspacedMinus = new("CP0108", Severity.Error, "`-` without spaces around it");
    public static readonly DiagnosticDescriptor UnknownConstraint = new("CP0109", Severity.Error, "unknown constraint");
    public static readonly DiagnosticDescriptor UnknownVendor = new("CP0110", Severity.Error, "unknown vendor");
    public static readonly DiagnosticDescriptor ExpectedName = new("CP0111", Severity.Error, "name expected");
    public static readonly DiagnosticDescriptor ExpectedExpression = new("CP0112", Severity.Error, "feature-set expression expected");
    public static readonly DiagnosticDescriptor ExpectedString = new("CP0113", Severity.Error, "quoted string expected");
    public static readonly DiagnosticDescriptor ExpectedKeyword = new("CP0114", Severity.Error, "keyword expected");
    public static readonly DiagnosticDescriptor ReservedWordAsName = new("CP0115", Severity.Error, "keyword used as a name");
    public static readonly DiagnosticDescriptor UnknownFunction = new("CP0116", Severity.Error, "unknown function");
    public static readonly DiagnosticDescriptor UnexpectedToken = new("CP0117", Severity.Error, "unexpected input");
    public static readonly DiagnosticDescriptor BlockOnNewLine = new("CP0118", Severity.Error, "`{` on a line of its own");
    public static readonly DiagnosticDescriptor UnmatchedClosing = new("CP0119", Severity.Error, "closing bracket without an opening one");
    public static readonly DiagnosticDescriptor NestingTooDeep = new("CP0120", Severity.Error, "expression nested too deeply");
    public static readonly DiagnosticDescriptor TooManySyntaxErrors = new("CP0121", Severity.Warning, "too many syntax errors");
}
