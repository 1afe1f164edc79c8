using Cpupolicy.Policy.Syntax;
using Sprache;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// The <c>{ }</c> blocks after a profile (constraints) and a target (options): entries separated by newlines or
/// <c>;</c>, each with its own comments, like statements in a small file of their own.
/// </summary>
internal sealed partial class PolicyGrammar
{
    private static readonly Dictionary<string, VendorKeyword> Vendors = new(StringComparer.Ordinal)
    {
        ["intel"] = VendorKeyword.Intel,
        ["amd"] = VendorKeyword.Amd,
        ["hisilicon"] = VendorKeyword.HiSilicon,
        ["arm"] = VendorKeyword.Arm,
        ["ampere"] = VendorKeyword.Ampere,
    };

    /// <summary>A block when <c>{</c> follows on the same line; otherwise nothing, consuming nothing.</summary>
    private Parser<Parsed<BlockSyntax<T>?>> OptionalBlock<T>(Func<IInput, IResult<T>> entry)
        where T : BlockEntrySyntax =>
        i =>
        {
            var open = SkipHs(i);
            if (!At(open, '{'))
            {
                return Result.Success(new Parsed<BlockSyntax<T>?>(null, NoComments), i);
            }

            var block = Block(open, entry);
            return block.WasSuccessful
                ? Result.Success(new Parsed<BlockSyntax<T>?>(block.Value.Node, NoComments, Errors: block.Value.Errors), block.Remainder)
                : Forward<Parsed<BlockSyntax<T>?>, Parsed<BlockSyntax<T>>>(block);
        };

    /// <summary>
    /// <c>{</c> entries <c>}</c>. A comment goes to the entry that ends on its line, else to the <c>{</c> on its
    /// line, else it is a comment line before the next entry (or before <c>}</c>). A statement keyword at the start
    /// of a line means the author forgot the <c>}</c>: that is reported at the <c>{</c>. A bad entry is recorded
    /// and skipped (to the next <c>;</c>, line or <c>}</c>), so every bad entry of a block gets its own diagnostic.
    /// </summary>
    private IResult<Parsed<BlockSyntax<T>>> Block<T>(IInput open, Func<IInput, IResult<T>> entry)
        where T : BlockEntrySyntax
    {
        var errors = new List<GrammarError>();
        var entries = new List<T>();
        var pending = new List<CommentLine>();
        CommentSyntax? openComment = null;
        var blank = false;
        var onOpenLine = true;
        var lineHasContent = true;
        var lineHasEntry = false;
        var needSeparator = false;
        var i = open.Advance();
        while (true)
        {
            i = SkipHs(i);
            if (i.AtEnd)
            {
                return Fail<Parsed<BlockSyntax<T>>>(open, Expectations.UnclosedBrace);
            }

            switch (i.Current)
            {
                case '}':
                    var end = i.Advance();
                    var block = new BlockSyntax<T>(entries.ToSyntaxList(), openComment, pending.ToSyntaxList(), SpanBetween(open, end));
                    return Result.Success(new Parsed<BlockSyntax<T>>(block, NoComments, Errors: errors), end);
                case '\n':
                    // Blank lines only separate items; before the first item of a block they mean nothing.
                    blank |= !lineHasContent && (entries.Count > 0 || pending.Count > 0);
                    onOpenLine = lineHasContent = lineHasEntry = needSeparator = false;
                    i = i.Advance();
                    continue;
                case ';':
                    lineHasContent = true;
                    needSeparator = false;
                    i = i.Advance();
                    continue;
                case '#':
                    var comment = Comment(i);
                    if (lineHasEntry)
                    {
                        var last = entries[^1];
                        entries[^1] = (T)(((BlockEntrySyntax)last) with { Trivia = last.Trivia with { Trailing = comment.Value } });
                    }
                    else if (onOpenLine)
                    {
                        openComment = comment.Value;
                    }
                    else
                    {
                        pending.Add(new CommentLine(comment.Value, blank));
                        blank = false;
                    }

                    lineHasContent = true;
                    i = comment.Remainder;
                    continue;
            }

            if (!lineHasContent && StartsStatementLine(i))
            {
                return Fail<Parsed<BlockSyntax<T>>>(open, Expectations.UnclosedBrace);
            }

            var parsed = needSeparator ? Fail<T>(i, Expectations.EntrySeparator) : entry(i);
            if (!parsed.WasSuccessful)
            {
                errors.Add(GrammarError.From(parsed));
                i = SkipEntry(parsed.Remainder.Position > i.Position ? parsed.Remainder : i);
                lineHasContent = true;
                lineHasEntry = needSeparator = false;
                continue;
            }

            var trivia = new LineTrivia(pending.ToSyntaxList(), blank, null);
            entries.Add((T)(((BlockEntrySyntax)parsed.Value) with { Trivia = trivia }));
            pending.Clear();
            blank = false;
            lineHasContent = lineHasEntry = needSeparator = true;
            onOpenLine &= parsed.Remainder.Line == open.Line;
            i = parsed.Remainder;
        }
    }

    /// <summary>Skips the rest of a bad entry: up to (not over) the next <c>;</c>, newline or <c>}</c>.</summary>
    private static IInput SkipEntry(IInput i)
    {
        while (!i.AtEnd && i.Current is not (';' or '\n' or '}'))
        {
            i = i.Advance();
        }

        return i;
    }

    /// <summary><c>require f, g</c> | <c>forbid f, g</c> | <c>vendor intel|amd|hisilicon|arm|ampere</c>.</summary>
    private IResult<ConstraintSyntax> ConstraintEntry(IInput start)
    {
        var keyword = AnyWord(start);
        if (!keyword.WasSuccessful)
        {
            return Fail<ConstraintSyntax>(start, Expectations.Constraint);
        }

        switch (keyword.Value.Text)
        {
            case "require":
            case "forbid":
                var features = NameList(SkipHs(keyword.Remainder), Layout.Line, Expectations.FeatureName);
                if (!features.WasSuccessful)
                {
                    return Forward<ConstraintSyntax, Parsed<SyntaxList<NameSyntax>>>(features);
                }

                var span = SpanBetween(start, features.Remainder);
                ConstraintSyntax constraint = keyword.Value.Text == "require"
                    ? new RequireConstraintSyntax(features.Value.Node, LineTrivia.None, span)
                    : new ForbidConstraintSyntax(features.Value.Node, LineTrivia.None, span);
                return Result.Success(constraint, features.Remainder);
            case "vendor":
                var at = SkipHs(keyword.Remainder);
                var vendor = AnyWord(at);
                if (!vendor.WasSuccessful || !Vendors.TryGetValue(vendor.Value.Text, out var known))
                {
                    return Fail<ConstraintSyntax>(at, Expectations.Vendor);
                }

                return Result.Success<ConstraintSyntax>(
                    new VendorConstraintSyntax(known, vendor.Value.Span, LineTrivia.None, SpanBetween(start, vendor.Remainder)),
                    vendor.Remainder);
            default:
                return Fail<ConstraintSyntax>(start, Expectations.Constraint);
        }
    }

    /// <summary>
    /// <c>key value</c>, e.g. <c>format libxl</c> or <c>release 4.22.0</c>; which keys and values a backend knows is
    /// checked later. A value is a name or a release number (a word that starts with a digit), so that the
    /// <c>release</c> options can be written at all.
    /// </summary>
    private IResult<OptionSyntax> OptionEntry(IInput start)
    {
        optionEntry ??= (from key in Name(Expectations.OptionName)
                         from value in Spaced(Name(Expectations.OptionValue).Or(ReleaseNumber))
                         select (key, value))
            .Span()
            .Select(s => new OptionSyntax(s.Value.key, s.Value.value, LineTrivia.None, SpanOf(s)));
        return optionEntry(start);
    }

    /// <summary>A release number such as <c>4.22.0</c> or <c>11.3.0</c>: a digit, then name characters.</summary>
    private Parser<NameSyntax> ReleaseNumber =>
        releaseNumber ??= Parse.Identifier(Parse.Digit, Parse.Char(SyntaxFacts.IsNameChar, "name character"))
            .Span()
            .Select(s => new NameSyntax(s.Value, SpanOf(s)))
            .Named(Expectations.OptionValue);
}
