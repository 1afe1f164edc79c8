using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Tests.Policy;

/// <summary>
/// Builds expected trees without spans (compare them to <see cref="SpanEraser.Erase(PolicySyntax)"/> of a parse).
/// Names follow the surface syntax so an expected tree reads like the policy it stands for.
/// </summary>
internal static class SyntaxFactory
{
    public static NameSyntax Name(string text, ContinuationTrivia? continuation = null) => new(text, default, continuation);

    public static SyntaxList<NameSyntax> Names(params string[] names) => names.Select(n => Name(n)).ToSyntaxList();

    public static CommentSyntax Comment(string text) => new(text, default);

    public static CommentLine Line(string text, bool blankBefore = false) => new(Comment(text), blankBefore);

    public static LineTrivia Trivia(string? trailing = null, bool blank = false, params CommentLine[] leading) =>
        new(leading.ToSyntaxList(), blank, trailing is null ? null : Comment(trailing));

    public static ExpressionSyntax Ref(string name) => new NameExpressionSyntax(Name(name), default);

    public static ExpressionSyntax Set(params string[] features) => new FeatureSetExpressionSyntax(Names(features), default);

    public static ExpressionSyntax Set(SyntaxList<NameSyntax> features) => new FeatureSetExpressionSyntax(features, default);

    public static ExpressionSyntax Model(string model) => new ModelExpressionSyntax(Name(model), default);

    public static ExpressionSyntax Baseline(params string[] sources) => new BaselineExpressionSyntax(Names(sources), default);

    public static ExpressionSyntax Paren(ExpressionSyntax inner) => new ParenthesizedExpressionSyntax(inner, default);

    public static ExpressionSyntax Union(ExpressionSyntax left, ExpressionSyntax right) => Binary(left, BinaryOperator.Union, right);

    public static ExpressionSyntax Minus(ExpressionSyntax left, ExpressionSyntax right) => Binary(left, BinaryOperator.Difference, right);

    public static ExpressionSyntax And(ExpressionSyntax left, ExpressionSyntax right) => Binary(left, BinaryOperator.Intersection, right);

    public static ExpressionSyntax Binary(ExpressionSyntax left, BinaryOperator op, ExpressionSyntax right) =>
        new BinaryExpressionSyntax(left, op, default, right, default);

    public static StatementSyntax HostFrom(string name, string path, LineTrivia? trivia = null) =>
        new HostFromStatementSyntax(Name(name), new StringLiteralSyntax(path, default), trivia ?? LineTrivia.None, default);

    public static StatementSyntax HostIs(string name, string model, LineTrivia? trivia = null) =>
        new HostIsStatementSyntax(Name(name), Name(model), trivia ?? LineTrivia.None, default);

    public static StatementSyntax Pool(string name, string[] members, LineTrivia? trivia = null) =>
        new PoolStatementSyntax(Name(name), Names(members), trivia ?? LineTrivia.None, default);

    public static StatementSyntax Profile(string name, ExpressionSyntax expression, BlockSyntax<ConstraintSyntax>? block = null, LineTrivia? trivia = null) =>
        new ProfileStatementSyntax(Name(name), expression, block, trivia ?? LineTrivia.None, default);

    public static StatementSyntax Vm(string glob, string profile, LineTrivia? trivia = null) =>
        new VmStatementSyntax(new StringLiteralSyntax(glob, default), Name(profile), trivia ?? LineTrivia.None, default);

    public static StatementSyntax Default(string profile, LineTrivia? trivia = null) =>
        new DefaultStatementSyntax(Name(profile), trivia ?? LineTrivia.None, default);

    public static StatementSyntax Target(string backend, BlockSyntax<OptionSyntax>? block = null, LineTrivia? trivia = null) =>
        new TargetStatementSyntax(Name(backend), block, trivia ?? LineTrivia.None, default);

    public static StatementSyntax Include(string path, LineTrivia? trivia = null) =>
        new IncludeStatementSyntax(new StringLiteralSyntax(path, default), trivia ?? LineTrivia.None, default);

    public static BlockSyntax<T> Block<T>(params T[] entries)
        where T : BlockEntrySyntax => new(entries.ToSyntaxList(), null, [], default);

    public static ConstraintSyntax Require(params string[] features) => new RequireConstraintSyntax(Names(features), LineTrivia.None, default);

    public static ConstraintSyntax Forbid(params string[] features) => new ForbidConstraintSyntax(Names(features), LineTrivia.None, default);

    public static ConstraintSyntax Vendor(VendorKeyword vendor) => new VendorConstraintSyntax(vendor, default, LineTrivia.None, default);

    public static OptionSyntax Option(string key, string value) => new(Name(key), Name(value), LineTrivia.None, default);

    public static PolicySyntax Tree(params StatementSyntax[] statements) => new(statements.ToSyntaxList(), [], default);

    public static PolicySyntax Tree(SyntaxList<CommentLine> endComments, params StatementSyntax[] statements) =>
        new(statements.ToSyntaxList(), endComments, default);
}
