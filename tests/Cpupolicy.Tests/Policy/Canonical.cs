using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Tests.Policy;

/// <summary>
/// Puts a generated tree into the form the parser produces: a blank line before the first item of a file or of a
/// block means nothing, so it is not recorded.
/// </summary>
internal static class Canonical
{
    public static PolicySyntax Of(PolicySyntax tree)
    {
        var first = true;
        var statements = tree.Statements.Select(s => s switch
        {
            ProfileStatementSyntax p => p with { Constraints = p.Constraints is null ? null : Block(p.Constraints), Trivia = Leading(p.Trivia, ref first) },
            TargetStatementSyntax t => t with { Options = t.Options is null ? null : Block(t.Options), Trivia = Leading(t.Trivia, ref first) },
            _ => s with { Trivia = Leading(s.Trivia, ref first) },
        }).ToList();
        return tree with { Statements = statements.ToSyntaxList(), EndComments = Lines(tree.EndComments, ref first) };
    }

    private static BlockSyntax<T> Block<T>(BlockSyntax<T> block)
        where T : BlockEntrySyntax
    {
        var first = true;
        var entries = block.Entries.Select(e => (T)(((BlockEntrySyntax)e) with { Trivia = Leading(e.Trivia, ref first) })).ToList();
        return block with { Entries = entries.ToSyntaxList(), ClosingComments = Lines(block.ClosingComments, ref first) };
    }

    private static LineTrivia Leading(LineTrivia trivia, ref bool first)
    {
        var leading = Lines(trivia.Leading, ref first);
        var blank = trivia.BlankLineBefore && !first;
        first = false;
        return trivia with { Leading = leading, BlankLineBefore = blank };
    }

    private static SyntaxList<CommentLine> Lines(SyntaxList<CommentLine> lines, ref bool first)
    {
        var result = new List<CommentLine>();
        foreach (var line in lines)
        {
            result.Add(line with { BlankLineBefore = line.BlankLineBefore && !first });
            first = false;
        }

        return result.ToSyntaxList();
    }
}
