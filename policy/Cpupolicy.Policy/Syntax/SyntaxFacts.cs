using System.Text;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// The lexical facts of the language (spec "Lexical rules"), shared by the parser, the formatter, the diagnostics
/// and the tests so that they cannot disagree.
/// </summary>
public static class SyntaxFacts
{
    /// <summary>The reserved words of the core language; none of them can be used as a name.</summary>
    public static readonly IReadOnlyList<string> Keywords =
        ["host", "from", "is", "pool", "profile", "require", "forbid", "vendor", "vm", "uses", "default", "target", "include"];

    /// <summary>The words that start a statement, in the order the spec lists the statements.</summary>
    public static readonly IReadOnlyList<string> StatementKeywords = ["host", "pool", "profile", "vm", "default", "target", "include"];

    /// <summary>The words that start a constraint inside a profile's braces.</summary>
    public static readonly IReadOnlyList<string> ConstraintKeywords = ["require", "forbid", "vendor"];

    /// <summary>The functions of the expression language. They are not reserved: a bare <c>model</c> is a name.</summary>
    public static readonly IReadOnlyList<string> Functions = ["model", "baseline"];

    /// <summary>
    /// How deep an expression may nest (parentheses, sets and chained operators all count). Deeper trees would
    /// overflow the stack of every recursive walk over them, so the parser refuses them with a diagnostic.
    /// </summary>
    public const int MaxExpressionDepth = 100;

    public const string ModelFunction = "model";
    public const string BaselineFunction = "baseline";

    private static readonly HashSet<string> KeywordSet = new(Keywords, StringComparer.Ordinal);

    /// <summary>What each statement looks like, for hints after a malformed one.</summary>
    public static readonly IReadOnlyDictionary<string, string> StatementForms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["host"] = "`host NAME from \"PATH\"` or `host NAME is MODEL`",
        ["pool"] = "`pool NAME = A, B, ...`",
        ["profile"] = "`profile NAME = EXPRESSION` with an optional `{ ... }` of constraints",
        ["vm"] = "`vm \"GLOB\" uses PROFILE`",
        ["default"] = "`default uses PROFILE`",
        ["target"] = "`target BACKEND` with an optional `{ ... }` of options",
        ["include"] = "`include \"PATH\"`",
    };

    public static bool IsKeyword(string word) => KeywordSet.Contains(word);

    public static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    /// <summary>A character of the level in <c>FIELD &gt;= LEVEL</c> (a number or a level name such as <c>V4P1</c>).</summary>
    public static bool IsLevelChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>True when <paramref name="text"/> can be the level of <c>FIELD &gt;= LEVEL</c>.</summary>
    public static bool IsValidLevel(string text) => text.Length > 0 && text.All(IsLevelChar);

    /// <summary>True when <paramref name="text"/> is a well-formed name that is not a keyword.</summary>
    public static bool IsValidName(string text) =>
        text.Length > 0 && IsNameStart(text[0]) && text.All(IsNameChar) && !IsKeyword(text);

    public static string OperatorText(BinaryOperator op) => op switch
    {
        BinaryOperator.Union => "+",
        BinaryOperator.Difference => "-",
        BinaryOperator.Intersection => "&",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an operator of the language"),
    };

    public static string VendorText(VendorKeyword vendor) => vendor switch
    {
        VendorKeyword.Intel => "intel",
        VendorKeyword.Amd => "amd",
        VendorKeyword.HiSilicon => "hisilicon",
        VendorKeyword.Arm => "arm",
        VendorKeyword.Ampere => "ampere",
        _ => throw new ArgumentOutOfRangeException(nameof(vendor), vendor, "not a vendor of the language"),
    };

    /// <summary>A string literal for <paramref name="value"/>: quoted, with <c>\</c> and <c>"</c> escaped.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }
}
