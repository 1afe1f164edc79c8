using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// Rewrites a tree with every span set to <c>default</c>, so trees can be compared by what they say regardless of
/// where it was written (the formatter's law: parse(print(tree)) equals tree up to spans).
/// </summary>
public static class SpanEraser
{
    private static SourceSpan None => default;

    public static PolicySyntax Erase(PolicySyntax tree) =>
        new(tree.Statements.Select(Erase).ToSyntaxList(), Erase(tree.EndComments), None);

    public static StatementSyntax Erase(StatementSyntax statement) => statement switch
    {
        HostFromStatementSyntax s => new HostFromStatementSyntax(Erase(s.Name), Erase(s.Path), Erase(s.Trivia), None),
        HostIsStatementSyntax s => new HostIsStatementSyntax(Erase(s.Name), Erase(s.Model), Erase(s.Trivia), None),
        PoolStatementSyntax s => new PoolStatementSyntax(Erase(s.Name), Erase(s.Members), Erase(s.Trivia), None),
        ProfileStatementSyntax s => new ProfileStatementSyntax(
            Erase(s.Name), Erase(s.Expression), s.Constraints is null ? null : Erase(s.Constraints, Erase), Erase(s.Trivia), None),
        VmStatementSyntax s => new VmStatementSyntax(Erase(s.Glob), Erase(s.Profile), Erase(s.Trivia), None),
        DefaultStatementSyntax s => new DefaultStatementSyntax(Erase(s.Profile), Erase(s.Trivia), None),
        TargetStatementSyntax s => new TargetStatementSyntax(
            Erase(s.Backend), s.Options is null ? null : Erase(s.Options, Erase), Erase(s.Trivia), None),
        IncludeStatementSyntax s => new IncludeStatementSyntax(Erase(s.Path), Erase(s.Trivia), None),
        _ => throw new ArgumentException($"unhandled statement node {statement.GetType().Name}", nameof(statement)),
    };

    public static ExpressionSyntax Erase(ExpressionSyntax expression) => expression switch
    {
        FeatureSetExpressionSyntax e => new FeatureSetExpressionSyntax(Erase(e.Features), None),
        ModelExpressionSyntax e => new ModelExpressionSyntax(Erase(e.Model), None),
        BaselineExpressionSyntax e => new BaselineExpressionSyntax(Erase(e.Sources), None),
        NameExpressionSyntax e => new NameExpressionSyntax(Erase(e.Name), None),
        BinaryExpressionSyntax e => new BinaryExpressionSyntax(Erase(e.Left), e.Operator, None, Erase(e.Right), None),
        ParenthesizedExpressionSyntax e => new ParenthesizedExpressionSyntax(Erase(e.Inner), None),
        _ => throw new ArgumentException($"unhandled expression node {expression.GetType().Name}", nameof(expression)),
    };

    public static NameSyntax Erase(NameSyntax name) =>
        new(name.Text, None, name.Continuation is null ? null : Erase(name.Continuation))
        {
            AtLeast = name.AtLeast is { } level ? new FieldLevelSyntax(level.Text, None) : null,
        };

    private static ConstraintSyntax Erase(ConstraintSyntax constraint) => constraint switch
    {
        RequireConstraintSyntax c => new RequireConstraintSyntax(Erase(c.Features), Erase(c.Trivia), None),
        ForbidConstraintSyntax c => new ForbidConstraintSyntax(Erase(c.Features), Erase(c.Trivia), None),
        VendorConstraintSyntax c => new VendorConstraintSyntax(c.Vendor, None, Erase(c.Trivia), None),
        _ => throw new ArgumentException($"unhandled constraint node {constraint.GetType().Name}", nameof(constraint)),
    };

    private static OptionSyntax Erase(OptionSyntax option) => new(Erase(option.Key), Erase(option.Value), Erase(option.Trivia), None);

    private static BlockSyntax<T> Erase<T>(BlockSyntax<T> block, Func<T, T> eraseEntry)
        where T : BlockEntrySyntax =>
        new(block.Entries.Select(eraseEntry).ToSyntaxList(), Erase(block.OpenComment), Erase(block.ClosingComments), None);

    private static SyntaxList<NameSyntax> Erase(SyntaxList<NameSyntax> names) => names.Select(Erase).ToSyntaxList();

    private static StringLiteralSyntax Erase(StringLiteralSyntax literal) => new(literal.Value, None);

    private static LineTrivia Erase(LineTrivia trivia) => new(Erase(trivia.Leading), trivia.BlankLineBefore, Erase(trivia.Trailing));

    private static ContinuationTrivia Erase(ContinuationTrivia trivia) =>
        new(Erase(trivia.EndOfLineComment), trivia.CommentLines.Select(c => Erase(c)!).ToSyntaxList());

    private static SyntaxList<CommentLine> Erase(SyntaxList<CommentLine> lines) =>
        lines.Select(l => new CommentLine(Erase(l.Comment)!, l.BlankLineBefore)).ToSyntaxList();

    private static CommentSyntax? Erase(CommentSyntax? comment) => comment is null ? null : new(comment.Text, None);
}
