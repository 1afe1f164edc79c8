using Cpupolicy.Policy.Syntax;
using Sprache;

namespace Cpupolicy.Policy.Parsing;

/// <summary>Expressions (spec "Expressions"): terms, groups, and the left-associative operator chain.</summary>
internal sealed partial class PolicyGrammar
{
    /// <summary><c>TERM (OP TERM)*</c>; all operators have equal precedence and associate to the left.</summary>
    private IResult<Parsed<ExpressionSyntax>> Expression(IInput start, Layout layout, int depth)
    {
        var first = Term(start, depth);
        if (!first.WasSuccessful)
        {
            return first;
        }

        var left = first.Value;
        var rest = first.Remainder;
        while (true)
        {
            var op = Operator(rest, layout);
            if (!op.WasSuccessful)
            {
                return Forward<Parsed<ExpressionSyntax>, OperatorToken?>(op);
            }

            if (op.Value is not { } token)
            {
                return Result.Success(left, rest);
            }

            var right = Term(op.Remainder, depth);
            if (!right.WasSuccessful)
            {
                return right;
            }

            var height = Math.Max(left.Height, right.Value.Height) + 1;
            if (height > MaxDepth)
            {
                return Fail<Parsed<ExpressionSyntax>>(token.At, Expectations.TooDeep);
            }

            var node = new BinaryExpressionSyntax(left.Node, token.Operator, token.Span, right.Value.Node, SpanBetween(start, right.Remainder));
            left = new Parsed<ExpressionSyntax>(node, Join(left.Hoisted, token.Hoisted, right.Value.Hoisted), height);
            rest = right.Remainder;
        }
    }

    /// <summary>
    /// An operator with the whitespace around it, or null (consuming nothing) when none follows. A <c>-</c> glued
    /// to an operand is a hard error at the <c>-</c>: it can only be a difference missing its spaces.
    /// </summary>
    private IResult<OperatorToken?> Operator(IInput start, Layout layout)
    {
        var before = Gap(start, layout);
        var at = before.After;
        BinaryOperator? op = at.AtEnd ? null : at.Current switch
        {
            '+' => BinaryOperator.Union,
            '-' => BinaryOperator.Difference,
            '&' => BinaryOperator.Intersection,
            _ => null,
        };
        if (op is not { } found)
        {
            return Result.Success<OperatorToken?>(null, start);
        }

        var next = at.Advance();
        if (found == BinaryOperator.Difference)
        {
            var spacedBefore = at.Position > start.Position;
            var gluedAfter = !next.AtEnd && !IsHs(next.Current) && next.Current is not ('\n' or '#');
            if (!spacedBefore || gluedAfter)
            {
                return Fail<OperatorToken?>(at, Expectations.SpacedMinus);
            }
        }

        var after = Gap(next, layout);
        var token = new OperatorToken(found, at, SpanBetween(at, next), Join(before.Comments, after.Comments));
        return Result.Success<OperatorToken?>(token, after.After);
    }

    /// <summary>One operand: a feature set, <c>model(..)</c>, <c>baseline(..)</c>, a parenthesised expression or a name.</summary>
    private IResult<Parsed<ExpressionSyntax>> Term(IInput start, int depth)
    {
        if (start.AtEnd)
        {
            return Fail<Parsed<ExpressionSyntax>>(start, Expectations.Expression);
        }

        switch (start.Current)
        {
            case '{':
                return FeatureSet(start, depth);
            case '(':
                return Parenthesized(start, depth);
        }

        var word = AnyWord(start);
        if (!word.WasSuccessful || SyntaxFacts.IsKeyword(word.Value.Text))
        {
            return Fail<Parsed<ExpressionSyntax>>(start, Expectations.Expression);
        }

        var name = word.Value;
        if (name.Text is SyntaxFacts.ModelFunction or SyntaxFacts.BaselineFunction)
        {
            var open = SkipHs(word.Remainder);
            if (At(open, '('))
            {
                return name.Text == SyntaxFacts.ModelFunction ? ModelCall(start, open, depth) : BaselineCall(start, open, depth);
            }
        }
        else if (At(word.Remainder, '('))
        {
            return Fail<Parsed<ExpressionSyntax>>(word.Remainder, Expectations.Function);
        }

        return Result.Success(new Parsed<ExpressionSyntax>(new NameExpressionSyntax(name, name.Span), NoComments), word.Remainder);
    }

    private IResult<Parsed<ExpressionSyntax>> FeatureSet(IInput open, int depth)
    {
        var group = Group(
            open,
            '}',
            Expectations.UnclosedBrace,
            Expectations.CommaOrCloseBrace,
            depth,
            () => [],
            i => NameList(i, Layout.Group, Expectations.FeatureName));
        if (!group.WasSuccessful)
        {
            return Forward<Parsed<ExpressionSyntax>, Parsed<SyntaxList<NameSyntax>>>(group);
        }

        var node = new FeatureSetExpressionSyntax(group.Value.Node, SpanBetween(open, group.Remainder));
        return Result.Success(new Parsed<ExpressionSyntax>(node, group.Value.Hoisted, 1), group.Remainder);
    }

    private IResult<Parsed<ExpressionSyntax>> Parenthesized(IInput open, int depth)
    {
        var group = Group(
            open,
            ')',
            Expectations.UnclosedParenthesis,
            Expectations.CloseParenthesisOrOperator,
            depth,
            whenEmpty: null,
            i => Expression(i, Layout.Group, depth + 1));
        if (!group.WasSuccessful)
        {
            return Forward<Parsed<ExpressionSyntax>, Parsed<ExpressionSyntax>>(group);
        }

        var inner = group.Value;
        var node = new ParenthesizedExpressionSyntax(inner.Node, SpanBetween(open, group.Remainder));
        return Result.Success(new Parsed<ExpressionSyntax>(node, inner.Hoisted, inner.Height + 1), group.Remainder);
    }

    private IResult<Parsed<ExpressionSyntax>> ModelCall(IInput start, IInput open, int depth)
    {
        var group = Group(
            open,
            ')',
            Expectations.UnclosedParenthesis,
            Expectations.CloseParenthesis,
            depth,
            whenEmpty: null,
            i => Name(Expectations.ModelName).Select(n => new Parsed<NameSyntax>(n, NoComments))(i));
        if (!group.WasSuccessful)
        {
            return Forward<Parsed<ExpressionSyntax>, Parsed<NameSyntax>>(group);
        }

        var node = new ModelExpressionSyntax(group.Value.Node, SpanBetween(start, group.Remainder));
        return Result.Success(new Parsed<ExpressionSyntax>(node, group.Value.Hoisted, 1), group.Remainder);
    }

    private IResult<Parsed<ExpressionSyntax>> BaselineCall(IInput start, IInput open, int depth)
    {
        var group = Group(
            open,
            ')',
            Expectations.UnclosedParenthesis,
            Expectations.CommaOrCloseParenthesis,
            depth,
            whenEmpty: null,
            i => NameList(i, Layout.Group, Expectations.MemberName));
        if (!group.WasSuccessful)
        {
            return Forward<Parsed<ExpressionSyntax>, Parsed<SyntaxList<NameSyntax>>>(group);
        }

        var node = new BaselineExpressionSyntax(group.Value.Node, SpanBetween(start, group.Remainder));
        return Result.Success(new Parsed<ExpressionSyntax>(node, group.Value.Hoisted, 1), group.Remainder);
    }

    /// <summary>
    /// <c>OPEN inner CLOSE</c> where newlines and comments may appear anywhere inside. When the closing character
    /// is missing and the text went on to another line (or ended), the group was never closed: that is reported
    /// at the opening character, which is where the fix goes.
    /// </summary>
    private IResult<Parsed<T>> Group<T>(
        IInput open,
        char close,
        string unclosed,
        string expectedClose,
        int depth,
        Func<T>? whenEmpty,
        Func<IInput, IResult<Parsed<T>>> inner)
    {
        if (depth >= MaxDepth)
        {
            return Fail<Parsed<T>>(open, Expectations.TooDeep);
        }

        var leading = GroupGap(open.Advance());
        if (whenEmpty is not null && At(leading.After, close))
        {
            return Result.Success(new Parsed<T>(whenEmpty(), leading.Comments), leading.After.Advance());
        }

        var body = inner(leading.After);
        if (!body.WasSuccessful)
        {
            // Running into the end of the file, or into a new statement on a later line, means the group was
            // never closed; anything else is a mistake inside it, reported where it is.
            var unclosedHere = body.Remainder.AtEnd || (body.Remainder.Line > open.Line && StartsStatementLine(body.Remainder));
            return unclosedHere ? Fail<Parsed<T>>(open, unclosed) : body;
        }

        var trailing = GroupGap(body.Remainder);
        if (At(trailing.After, close))
        {
            var parsed = new Parsed<T>(body.Value.Node, Join(leading.Comments, body.Value.Hoisted, trailing.Comments), body.Value.Height);
            return Result.Success(parsed, trailing.After.Advance());
        }

        var neverClosed = trailing.After.AtEnd || (trailing.After.Line > open.Line && StartsStatementLine(trailing.After));
        return neverClosed ? Fail<Parsed<T>>(open, unclosed) : Fail<Parsed<T>>(trailing.After, expectedClose);
    }
}
