using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Policy.Formatting;

/// <summary>
/// Canonical formatting (<c>cpupolicy fmt</c>). Laws, checked by property tests: formatting is idempotent
/// (format(format(x)) = format(x)), keeps every comment, and printing a tree then parsing it gives the same tree
/// (up to spans).
/// </summary>
public static class PolicyFormatter
{
    /// <summary>The canonical text of a tree.</summary>
    public static string Print(PolicySyntax tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return PolicyPrinter.Print(tree);
    }

    /// <summary>Parses and reprints <paramref name="text"/>; a file with syntax errors is left alone and its errors returned.</summary>
    public static FormatResult Format(string text, string fileName)
    {
        var parsed = PolicyParser.Parse(text, fileName);
        if (parsed.Tree is null)
        {
            return new FormatResult(null, parsed.Diagnostics, false);
        }

        var formatted = PolicyPrinter.Print(parsed.Tree);
        return new FormatResult(formatted, parsed.Diagnostics, !string.Equals(formatted, text, StringComparison.Ordinal));
    }
}
