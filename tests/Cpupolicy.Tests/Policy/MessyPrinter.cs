using System.Text;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Tests.Policy;

/// <summary>
/// Writes a tree as an untidy author would, within the lexical rules of the spec: random spaces and tabs where
/// spacing is free, extra blank lines where they carry no meaning, line breaks anywhere inside <c>( )</c> and
/// feature sets, entries joined by <c>;</c>, one-line blocks, CRLF line ends, a byte order mark. Parsing the result
/// must give back the tree, and formatting it must give the canonical print: a differential check of the parser
/// and formatter against an independent printer.
/// </summary>
internal sealed class MessyPrinter
{
    private readonly Random random;
    private readonly StringBuilder output = new();
    private readonly string newline;

    private MessyPrinter(int seed)
    {
        random = new Random(seed);
        newline = Chance(4) ? "\r\n" : "\n";
    }

    public static string Print(PolicySyntax tree, int seed)
    {
        var printer = new MessyPrinter(seed);
        printer.WritePolicy(tree);
        return printer.output.ToString();
    }

    private bool Chance(int oneIn) => random.Next(oneIn) == 0;

    private string Pick(params string[] options) => options[random.Next(options.Length)];

    private string Space() => Pick(string.Empty, string.Empty, " ", "  ", "\t");

    private string Space1() => Pick(" ", " ", "   ", "\t", " \t");

    private string Indent() => Pick(string.Empty, string.Empty, "  ", "    ", "\t", " ");

    /// <summary>Whitespace inside a group: spaces, or a line break with any indentation.</summary>
    private string GroupSpace() => Chance(4) ? Space() + newline + Indent() : Space();

    private string GroupSpace1() => Chance(4) ? Space() + newline + Indent() : Space1();

    private void LineEnd(CommentSyntax? comment)
    {
        output.Append(Chance(5) ? Space1() : string.Empty);
        if (comment is not null)
        {
            output.Append(Space1()).Append(comment.Text);
        }

        output.Append(newline);
    }

    private void BlankLines(bool blank, bool meaningless = false)
    {
        var count = blank ? random.Next(1, 4) : meaningless && Chance(3) ? random.Next(1, 3) : 0;
        for (var k = 0; k < count; k++)
        {
            output.Append(Chance(3) ? Space() : string.Empty).Append(newline);
        }
    }

    private void CommentLines(SyntaxList<CommentLine> lines)
    {
        foreach (var line in lines)
        {
            BlankLines(line.BlankLineBefore);
            output.Append(Indent()).Append(line.Comment.Text);
            LineEnd(null);
        }
    }

    private void WritePolicy(PolicySyntax tree)
    {
        if (Chance(10))
        {
            output.Append('\uFEFF');
        }

        BlankLines(false, meaningless: true);
        foreach (var statement in tree.Statements)
        {
            CommentLines(statement.Trivia.Leading);
            BlankLines(statement.Trivia.BlankLineBefore);
            output.Append(Indent());
            WriteStatement(statement);
            LineEnd(statement.Trivia.Trailing);
        }

        CommentLines(tree.EndComments);
        BlankLines(false, meaningless: true);
        if (output.Length > 0 && Chance(3) && tree.EndComments.Count == 0 && tree.Statements.Count > 0
            && tree.Statements[^1].Trivia.Trailing is null)
        {
            // No newline at the end of the file.
            output.Length -= newline.Length;
        }
    }

    private void WriteStatement(StatementSyntax statement)
    {
        switch (statement)
        {
            case HostFromStatementSyntax s:
                output.Append("host").Append(Space1()).Append(s.Name.Text).Append(Space1()).Append("from").Append(Space1()).Append(SyntaxFacts.Quote(s.Path.Value));
                break;
            case HostIsStatementSyntax s:
                output.Append("host").Append(Space1()).Append(s.Name.Text).Append(Space1()).Append("is").Append(Space1()).Append(s.Model.Text);
                break;
            case PoolStatementSyntax s:
                output.Append("pool").Append(Space1()).Append(s.Name.Text).Append(Space()).Append('=').Append(Space());
                WriteList(s.Members, group: false);
                break;
            case ProfileStatementSyntax s:
                output.Append("profile").Append(Space1()).Append(s.Name.Text).Append(Space()).Append('=').Append(Space());
                WriteExpression(s.Expression, group: false);
                if (s.Constraints is { } constraints)
                {
                    output.Append(Space());
                    WriteBlock(constraints, WriteConstraint);
                }

                break;
            case VmStatementSyntax s:
                output.Append("vm").Append(Space1()).Append(SyntaxFacts.Quote(s.Glob.Value)).Append(Space1()).Append("uses").Append(Space1()).Append(s.Profile.Text);
                break;
            case DefaultStatementSyntax s:
                output.Append("default").Append(Space1()).Append("uses").Append(Space1()).Append(s.Profile.Text);
                break;
            case TargetStatementSyntax s:
                output.Append("target").Append(Space1()).Append(s.Backend.Text);
                if (s.Options is { } options)
                {
                    output.Append(Space());
                    WriteBlock(options, WriteOption);
                }

                break;
            case IncludeStatementSyntax s:
                output.Append("include").Append(Space1()).Append(SyntaxFacts.Quote(s.Path.Value));
                break;
        }
    }

    private void WriteExpression(ExpressionSyntax expression, bool group)
    {
        switch (expression)
        {
            case BinaryExpressionSyntax e:
                WriteExpression(e.Left, group);
                if (e.Operator == BinaryOperator.Difference)
                {
                    output.Append(group ? GroupSpace1() : Space1()).Append('-').Append(group ? GroupSpace1() : Space1());
                }
                else
                {
                    output.Append(group ? GroupSpace() : Space()).Append(SyntaxFacts.OperatorText(e.Operator)).Append(group ? GroupSpace() : Space());
                }

                WriteExpression(e.Right, group);
                break;
            case ParenthesizedExpressionSyntax e:
                output.Append('(').Append(GroupSpace());
                WriteExpression(e.Inner, group: true);
                output.Append(GroupSpace()).Append(')');
                break;
            case FeatureSetExpressionSyntax e:
                output.Append('{').Append(GroupSpace());
                WriteList(e.Features, group: true);
                output.Append(GroupSpace()).Append('}');
                break;
            case ModelExpressionSyntax e:
                output.Append("model").Append(Space()).Append('(').Append(GroupSpace()).Append(e.Model.Text).Append(GroupSpace()).Append(')');
                break;
            case BaselineExpressionSyntax e:
                output.Append("baseline").Append(Space()).Append('(').Append(GroupSpace());
                WriteList(e.Sources, group: true);
                output.Append(GroupSpace()).Append(')');
                break;
            case NameExpressionSyntax e:
                output.Append(e.Name.Text);
                break;
        }
    }

    private void WriteList(SyntaxList<NameSyntax> names, bool group)
    {
        for (var k = 0; k < names.Count; k++)
        {
            output.Append(names[k].Text);
            if (names[k].AtLeast is { } level)
            {
                // An aarch64 field level, `ISAR0.AES >= 2`: the operator's spacing rule (spaces around `>=`) is fixed.
                output.Append(" >= ").Append(level.Text);
            }

            if (k == names.Count - 1)
            {
                break;
            }

            // Inside a group the comma may start a line; after it, only a recorded continuation may break the line.
            output.Append(group ? GroupSpace() : Space()).Append(',');
            if (names[k].Continuation is { } continuation)
            {
                LineEnd(continuation.EndOfLineComment);
                BlankLines(false, meaningless: true);
                foreach (var comment in continuation.CommentLines)
                {
                    output.Append(Indent()).Append(comment.Text);
                    LineEnd(null);
                    BlankLines(false, meaningless: true);
                }

                output.Append(Indent());
            }
            else
            {
                output.Append(Space());
            }
        }
    }

    private void WriteBlock<T>(BlockSyntax<T> block, Action<T> writeEntry)
        where T : BlockEntrySyntax
    {
        output.Append('{');
        var atLineStart = false;
        if (block.OpenComment is not null)
        {
            LineEnd(block.OpenComment);
            atLineStart = true;
        }
        else if (Chance(2))
        {
            LineEnd(null);
            atLineStart = true;
        }

        foreach (var entry in block.Entries)
        {
            var needsOwnLine = entry.Trivia.Leading.Count > 0 || entry.Trivia.BlankLineBefore;
            if (!atLineStart)
            {
                if (needsOwnLine || Chance(2))
                {
                    LineEnd(null);
                    atLineStart = true;
                }
                else
                {
                    output.Append(Space()).Append(';').Append(Space());
                }
            }

            if (atLineStart)
            {
                CommentLines(entry.Trivia.Leading);
                BlankLines(entry.Trivia.BlankLineBefore);
                output.Append(Indent());
            }
            else
            {
                output.Append(Space());
            }

            writeEntry(entry);
            if (entry.Trivia.Trailing is not null)
            {
                output.Append(Chance(3) ? Space() + ";" : string.Empty);
                LineEnd(entry.Trivia.Trailing);
                atLineStart = true;
            }
            else
            {
                atLineStart = false;
                if (Chance(4))
                {
                    output.Append(Space()).Append(';');
                }
            }
        }

        if (block.ClosingComments.Count > 0)
        {
            if (!atLineStart)
            {
                LineEnd(null);
            }

            CommentLines(block.ClosingComments);
            atLineStart = true;
        }

        if (atLineStart)
        {
            BlankLines(false, meaningless: true);
            output.Append(Indent());
        }
        else
        {
            output.Append(Space());
        }

        output.Append('}');
    }

    private void WriteConstraint(ConstraintSyntax constraint)
    {
        switch (constraint)
        {
            case RequireConstraintSyntax c:
                output.Append("require").Append(Space1());
                WriteList(c.Features, group: false);
                break;
            case ForbidConstraintSyntax c:
                output.Append("forbid").Append(Space1());
                WriteList(c.Features, group: false);
                break;
            case VendorConstraintSyntax c:
                output.Append("vendor").Append(Space1()).Append(SyntaxFacts.VendorText(c.Vendor));
                break;
        }
    }

    private void WriteOption(OptionSyntax option) => output.Append(option.Key.Text).Append(Space1()).Append(option.Value.Text);
}
