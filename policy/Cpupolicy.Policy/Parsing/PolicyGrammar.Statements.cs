using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Syntax;
using Sprache;

namespace Cpupolicy.Policy.Parsing;

/// <summary>Statements (spec "Statements"): one per line, chosen by their first word.</summary>
internal sealed partial class PolicyGrammar
{
    /// <summary>A whole statement line: indentation, the statement, its end-of-line comment and the newline.</summary>
    public IResult<ParsedStatement> StatementLine(IInput i)
    {
        var statement = Statement(SkipHs(i));
        if (!statement.WasSuccessful)
        {
            return Forward<ParsedStatement, Parsed<StatementSyntax>>(statement);
        }

        var end = StatementEnd(statement.Remainder);
        if (!end.WasSuccessful)
        {
            return Forward<ParsedStatement, CommentSyntax?>(end);
        }

        var parsed = new ParsedStatement(statement.Value.Node, statement.Value.Hoisted, end.Value, statement.Value.Errors ?? []);
        return Result.Success(parsed, end.Remainder);
    }

    private IResult<Parsed<StatementSyntax>> Statement(IInput i)
    {
        // The statement parsers are combinator graphs: build them once per grammar, not once per statement.
        statementParsers ??= new Dictionary<string, Parser<Parsed<StatementSyntax>>>(StringComparer.Ordinal)
        {
            ["host"] = HostStatement(),
            ["pool"] = PoolStatement(),
            ["profile"] = ProfileStatement(),
            ["vm"] = VmStatement(),
            ["default"] = DefaultStatement(),
            ["target"] = TargetStatement(),
            ["include"] = IncludeStatement(),
        };
        var keyword = AnyWord(i);
        return keyword.WasSuccessful && statementParsers.TryGetValue(keyword.Value.Text, out var body)
            ? body(i)
            : Fail<Parsed<StatementSyntax>>(i, Expectations.Statement);
    }

    /// <summary>Sprache's <c>Span</c>, turned into a statement with its own span and no comments hoisted.</summary>
    private Parser<Parsed<StatementSyntax>> Statement<T>(Parser<T> parts, Func<T, SourceSpan, StatementSyntax> build) =>
        parts.Span().Select(s => new Parsed<StatementSyntax>(build(s.Value, SpanOf(s)), NoComments));

    private static Parser<T> Spaced<T>(Parser<T> parser) => Hs.Then(_ => parser);

    private Parser<Parsed<StatementSyntax>> HostStatement()
    {
        // Both alternatives start right at the keyword (the spaces before it are read first), so that a wrong
        // word there fails both at the same place and the diagnostic can offer `from` and `is`.
        var fromFile = from keyword in Keyword("from")
                       from path in Spaced(StringLiteral(Expectations.Path))
                       select (object)path;
        var isModel = from keyword in Keyword("is")
                      from model in Spaced(Name(Expectations.ModelName))
                      select (object)model;
        var parts = from keyword in Keyword("host")
                    from name in Spaced(Name(Expectations.HostName))
                    from space in Hs
                    from source in fromFile.XOr(isModel)
                    select (name, source);
        return Statement(parts, (p, span) => p.source switch
        {
            StringLiteralSyntax path => new HostFromStatementSyntax(p.name, path, LineTrivia.None, span),
            NameSyntax model => new HostIsStatementSyntax(p.name, model, LineTrivia.None, span),
            _ => throw new InvalidOperationException("a host's source is a path or a model"),
        });
    }

    private Parser<Parsed<StatementSyntax>> PoolStatement()
    {
        var parts = from keyword in Keyword("pool")
                    from name in Spaced(Name(Expectations.PoolName))
                    from eq in Spaced(Symbol('=', Expectations.EqualsSign))
                    from members in Spaced<Parsed<SyntaxList<NameSyntax>>>(j => NameList(j, Layout.Line, Expectations.MemberName))
                    select (name, members.Node);
        return Statement(parts, (p, span) => new PoolStatementSyntax(p.name, p.Node, LineTrivia.None, span));
    }

    private Parser<Parsed<StatementSyntax>> ProfileStatement()
    {
        var parts = from keyword in Keyword("profile")
                    from name in Spaced(Name(Expectations.ProfileName))
                    from eq in Spaced(Symbol('=', Expectations.EqualsSign))
                    from expression in Spaced<Parsed<ExpressionSyntax>>(j => Expression(j, Layout.Line, 0))
                    from block in OptionalBlock<ConstraintSyntax>(ConstraintEntry)
                    select (name, expression, block);
        return parts.Span()
            .Select(s => new Parsed<StatementSyntax>(
                new ProfileStatementSyntax(s.Value.name, s.Value.expression.Node, s.Value.block.Node, LineTrivia.None, SpanOf(s)),
                s.Value.expression.Hoisted,
                Errors: s.Value.block.Errors));
    }

    private Parser<Parsed<StatementSyntax>> VmStatement()
    {
        var parts = from keyword in Keyword("vm")
                    from glob in Spaced(StringLiteral(Expectations.Glob))
                    from uses in Spaced(Keyword("uses"))
                    from profile in Spaced(Name(Expectations.ProfileName))
                    select (glob, profile);
        return Statement(parts, (p, span) => new VmStatementSyntax(p.glob, p.profile, LineTrivia.None, span));
    }

    private Parser<Parsed<StatementSyntax>> DefaultStatement()
    {
        var parts = from keyword in Keyword("default")
                    from uses in Spaced(Keyword("uses"))
                    from profile in Spaced(Name(Expectations.ProfileName))
                    select profile;
        return Statement(parts, (profile, span) => new DefaultStatementSyntax(profile, LineTrivia.None, span));
    }

    private Parser<Parsed<StatementSyntax>> TargetStatement()
    {
        var parts = from keyword in Keyword("target")
                    from backend in Spaced(Name(Expectations.BackendName))
                    from block in OptionalBlock<OptionSyntax>(OptionEntry)
                    select (backend, block);
        return parts.Span()
            .Select(s => new Parsed<StatementSyntax>(
                new TargetStatementSyntax(s.Value.backend, s.Value.block.Node, LineTrivia.None, SpanOf(s)),
                NoComments,
                Errors: s.Value.block.Errors));
    }

    private Parser<Parsed<StatementSyntax>> IncludeStatement()
    {
        var parts = from keyword in Keyword("include")
                    from path in Spaced(StringLiteral(Expectations.Path))
                    select path;
        return Statement(parts, (path, span) => new IncludeStatementSyntax(path, LineTrivia.None, span));
    }
}
