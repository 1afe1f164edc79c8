using System.Text;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Policy.Formatting;

/// <summary>
/// Writes a syntax tree in the canonical layout. Everything the tree holds is written back (so parsing the output
/// gives the same tree), and nothing else is: spacing, alignment and line breaks the tree does not record are
/// normalised. Canonical choices: one space around <c>=</c> and operators, <c>{a, b}</c>, <c>f(a, b)</c>;
/// block entries one per line indented by <see cref="BlockIndent"/>; continuation lines of a wrapped list
/// indented by <see cref="ContinuationIndent"/> more than their statement; end-of-line comments two spaces
/// after the code, aligned in a column across consecutive commented lines; one blank line at most between items;
/// LF line ends. Lines are collected first and rendered at the end, because alignment depends on the neighbours.
/// </summary>
internal sealed class PolicyPrinter
{
    public const string BlockIndent = "  ";
    public const string ContinuationIndent = "    ";
    private const string CommentGap = "  ";

    private readonly StringBuilder output = new();
    private readonly List<(string Code, string? Comment)> lines = [];

    public static string Print(PolicySyntax tree)
    {
        var printer = new PolicyPrinter();
        printer.WritePolicy(tree);
        return printer.Render();
    }

    /// <summary>Joins the lines, padding each run of consecutive commented lines so their comments line up.</summary>
    private string Render()
    {
        var text = new StringBuilder();
        var k = 0;
        while (k < lines.Count)
        {
            var end = k;
            while (end < lines.Count && lines[end].Comment is not null && lines[end].Code.Length > 0)
            {
                end++;
            }

            if (end == k)
            {
                text.Append(lines[k].Code).Append('\n');
                k++;
                continue;
            }

            var width = lines.Skip(k).Take(end - k).Max(l => l.Code.Length);
            for (; k < end; k++)
            {
                text.Append(lines[k].Code.PadRight(width)).Append(CommentGap).Append(lines[k].Comment).Append('\n');
            }
        }

        return text.ToString();
    }

    private void WritePolicy(PolicySyntax tree)
    {
        var first = true;
        foreach (var statement in tree.Statements)
        {
            WriteLeading(statement.Trivia, string.Empty, ref first);
            WriteStatement(statement);
            WriteLineEnd(statement.Trivia.Trailing);
        }

        WriteCommentLines(tree.EndComments, string.Empty, ref first);
    }

    private void WriteStatement(StatementSyntax statement)
    {
        const string indent = "";
        switch (statement)
        {
            case HostFromStatementSyntax s:
                output.Append("host ").Append(s.Name.Text).Append(" from ").Append(SyntaxFacts.Quote(s.Path.Value));
                break;
            case HostIsStatementSyntax s:
                output.Append("host ").Append(s.Name.Text).Append(" is ").Append(s.Model.Text);
                break;
            case PoolStatementSyntax s:
                output.Append("pool ").Append(s.Name.Text).Append(" = ");
                WriteList(s.Members, indent);
                break;
            case ProfileStatementSyntax s:
                output.Append("profile ").Append(s.Name.Text).Append(" = ");
                WriteExpression(s.Expression, indent);
                if (s.Constraints is { } constraints)
                {
                    WriteBlock(constraints, indent, WriteConstraint);
                }

                break;
            case VmStatementSyntax s:
                output.Append("vm ").Append(SyntaxFacts.Quote(s.Glob.Value)).Append(" uses ").Append(s.Profile.Text);
                break;
            case DefaultStatementSyntax s:
                output.Append("default uses ").Append(s.Profile.Text);
                break;
            case TargetStatementSyntax s:
                output.Append("target ").Append(s.Backend.Text);
                if (s.Options is { } options)
                {
                    WriteBlock(options, indent, WriteOption);
                }

                break;
            case IncludeStatementSyntax s:
                output.Append("include ").Append(SyntaxFacts.Quote(s.Path.Value));
                break;
            default:
                throw new ArgumentException($"unhandled statement node {statement.GetType().Name}", nameof(statement));
        }
    }

    private void WriteExpression(ExpressionSyntax expression, string indent)
    {
        switch (expression)
        {
            case BinaryExpressionSyntax e:
                WriteExpression(e.Left, indent);
                output.Append(' ').Append(SyntaxFacts.OperatorText(e.Operator)).Append(' ');
                WriteExpression(e.Right, indent);
                break;
            case ParenthesizedExpressionSyntax e:
                output.Append('(');
                WriteExpression(e.Inner, indent);
                output.Append(')');
                break;
            case FeatureSetExpressionSyntax e:
                output.Append('{');
                WriteList(e.Features, indent);
                output.Append('}');
                break;
            case ModelExpressionSyntax e:
                output.Append(SyntaxFacts.ModelFunction).Append('(').Append(e.Model.Text).Append(')');
                break;
            case BaselineExpressionSyntax e:
                output.Append(SyntaxFacts.BaselineFunction).Append('(');
                WriteList(e.Sources, indent);
                output.Append(')');
                break;
            case NameExpressionSyntax e:
                output.Append(e.Name.Text);
                break;
            default:
                throw new ArgumentException($"unhandled expression node {expression.GetType().Name}", nameof(expression));
        }
    }

    /// <summary><c>a, b, c</c>, breaking the line after each comma where the source did.</summary>
    private void WriteList(SyntaxList<NameSyntax> names, string indent)
    {
        for (var k = 0; k < names.Count; k++)
        {
            output.Append(names[k].Display);
            if (k == names.Count - 1)
            {
                break;
            }

            output.Append(',');
            if (names[k].Continuation is not { } continuation)
            {
                output.Append(' ');
                continue;
            }

            WriteLineEnd(continuation.EndOfLineComment);
            foreach (var comment in continuation.CommentLines)
            {
                lines.Add((indent + ContinuationIndent + comment.Text, null));
            }

            output.Append(indent).Append(ContinuationIndent);
        }
    }

    private void WriteBlock<T>(BlockSyntax<T> block, string indent, Action<T, string> writeEntry)
        where T : BlockEntrySyntax
    {
        if (block.Entries.Count == 0 && block.OpenComment is null && block.ClosingComments.Count == 0)
        {
            output.Append(" {}");
            return;
        }

        output.Append(" {");
        WriteLineEnd(block.OpenComment);
        var inner = indent + BlockIndent;
        var first = true;
        foreach (var entry in block.Entries)
        {
            WriteLeading(entry.Trivia, inner, ref first);
            output.Append(inner);
            writeEntry(entry, inner);
            WriteLineEnd(entry.Trivia.Trailing);
        }

        WriteCommentLines(block.ClosingComments, inner, ref first);
        output.Append(indent).Append('}');
    }

    private void WriteConstraint(ConstraintSyntax constraint, string indent)
    {
        switch (constraint)
        {
            case RequireConstraintSyntax c:
                output.Append("require ");
                WriteList(c.Features, indent);
                break;
            case ForbidConstraintSyntax c:
                output.Append("forbid ");
                WriteList(c.Features, indent);
                break;
            case VendorConstraintSyntax c:
                output.Append("vendor ").Append(SyntaxFacts.VendorText(c.Vendor));
                break;
            default:
                throw new ArgumentException($"unhandled constraint node {constraint.GetType().Name}", nameof(constraint));
        }
    }

    private void WriteOption(OptionSyntax option, string indent) =>
        output.Append(option.Key.Text).Append(' ').Append(option.Value.Text);

    /// <summary>The comment lines above an item and the blank line before it (never before the first line of a file or block).</summary>
    private void WriteLeading(LineTrivia trivia, string indent, ref bool first)
    {
        WriteCommentLines(trivia.Leading, indent, ref first);
        if (trivia.BlankLineBefore && !first)
        {
            lines.Add((string.Empty, null));
        }

        first = false;
    }

    private void WriteCommentLines(SyntaxList<CommentLine> commentLines, string indent, ref bool first)
    {
        foreach (var line in commentLines)
        {
            if (line.BlankLineBefore && !first)
            {
                lines.Add((string.Empty, null));
            }

            lines.Add((indent + line.Comment.Text, null));
            first = false;
        }
    }

    /// <summary>Ends the line being written, with its end-of-line comment if any.</summary>
    private void WriteLineEnd(CommentSyntax? comment)
    {
        lines.Add((output.ToString(), comment?.Text));
        output.Clear();
    }
}
