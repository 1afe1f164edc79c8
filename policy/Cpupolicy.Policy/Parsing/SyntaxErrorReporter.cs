using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Syntax;
using static Cpupolicy.Policy.Parsing.Expectations;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// Chooses the diagnostic for a failed parse from where it failed, what the grammar expected there
/// (<see cref="Expectations"/>) and the text around it. The rules are ordered from the most specific (a string
/// that never ends) to the most general (something unexpected), and every message names the user's input.
/// </summary>
internal static class SyntaxErrorReporter
{
    private const string NameRule = "names start with a letter or `_` and go on with letters, digits, `_`, `.` and `-`";
    private const string ConstraintForms = "constraints are `require f1, f2`, `forbid f1, f2` and `vendor intel`, `vendor amd`, `vendor hisilicon`, `vendor arm` or `vendor ampere`";
    private const string ExpressionForms =
        "a feature set is `{f1, f2}`, `model(NAME)`, `baseline(A, B)`, a declared name, or `( ... )`, combined with `+`, `-` and `&`";

    public static Diagnostic Report(SourceText source, SyntaxFailure failure)
    {
        var context = new FailureContext(source, failure);
        var expected = failure.Expected;
        if (expected.Contains(ClosingQuote))
        {
            return UnterminatedString(context);
        }

        if (expected.Contains(Escape))
        {
            var escape = source.Text.Substring(failure.Offset, Math.Min(2, source.Length - failure.Offset));
            return DiagnosticCatalog.InvalidEscape.Create(
                context.Span(escape.Length),
                $"`{Shorten(escape)}` is not an escape in a string",
                "the only escapes are `\\\"` (a quote) and `\\\\` (a backslash)");
        }

        if (expected.Contains(UnclosedParenthesis))
        {
            return DiagnosticCatalog.UnclosedParenthesis.Create(
                context.Span(1),
                "this `(` is never closed",
                "add the matching `)`; inside `( )` an expression may go on over several lines");
        }

        if (expected.Contains(UnclosedBrace))
        {
            return UnclosedBraceDiagnostic(context);
        }

        if (expected.Contains(SpacedMinus))
        {
            return MisspacedMinus(context, failure.Offset);
        }

        if (expected.Contains(TooDeep))
        {
            return DiagnosticCatalog.NestingTooDeep.Create(
                context.Span(1),
                $"this expression nests more than {PolicyGrammar.MaxDepth} levels deep",
                "split it into several profiles and combine them by name");
        }

        if (context.Char is { } c && IsForeign(c))
        {
            return UnexpectedCharacter(context, c);
        }

        if (expected.Contains(Statement))
        {
            return BadStatementStart(context);
        }

        if (expected.Contains(Constraint))
        {
            return BadConstraint(context);
        }

        if (expected.Contains(Vendor))
        {
            return BadVendor(context);
        }

        if (expected.Contains(Function))
        {
            return UnknownFunction(context);
        }

        if (expected.Contains(FieldLevel))
        {
            return DiagnosticCatalog.FieldLevelExpected.Create(
                context.TokenSpan(),
                $"expected a field level after `>=`, found {context.Found()}",
                "write the level as a number or by its name, e.g. `ISAR0.AES >= 2` or `ISAR0.AES >= PMULL`");
        }

        if (context.Word is { } word && SyntaxFacts.IsKeyword(word) && (expected.Overlaps(Names) || expected.Contains(Expression)))
        {
            return DiagnosticCatalog.ReservedWordAsName.Create(
                context.Span(word.Length),
                $"`{word}` is a keyword and cannot be used as a name",
                ContinuedListHint(context) ?? $"choose another name; the keywords are {Quoted(SyntaxFacts.Keywords)}");
        }

        if (expected.Contains(EqualsSign))
        {
            return DiagnosticCatalog.MissingEquals.Create(
                context.TokenSpan(),
                $"expected `=` after `{context.StatementPrefix()}`, found {context.Found()}",
                context.StatementFormHint());
        }

        if (expected.Overlaps(Strings))
        {
            return ExpectedString(context);
        }

        if (expected.Overlaps(MidStatementKeywords))
        {
            return ExpectedKeyword(context);
        }

        if (expected.Contains(Expression))
        {
            return ExpectedExpression(context);
        }

        if (expected.Overlaps(Names))
        {
            return ExpectedName(context);
        }

        return UnexpectedToken(context);
    }

    private static Diagnostic UnterminatedString(FailureContext context)
    {
        var source = context.Source;
        var start = context.Offset;
        var text = source.Text[start..source.LineEnd(start)].TrimEnd('\r', ' ', '\t');
        return DiagnosticCatalog.UnterminatedString.Create(
            context.Span(text.Length),
            $"the string `{Shorten(text)}` is not closed before the end of the line",
            "add the closing `\"`; a quote inside a string is written `\\\"`");
    }

    private static Diagnostic UnclosedBraceDiagnostic(FailureContext context)
    {
        // A `{` after `=`, `(`, an operator or a comma opens a feature set; after anything else it opens a block.
        var before = context.Source.LastSignificantBefore(context.Offset);
        var isSet = before is '=' or '(' or ',' or '+' or '-' or '&' or '{';
        return DiagnosticCatalog.UnclosedBrace.Create(
            context.Span(1),
            "this `{` is never closed",
            isSet
                ? "add the matching `}` after the last feature of the set"
                : "add a line with the matching `}` after the block's last entry");
    }

    private static Diagnostic MisspacedMinus(FailureContext context, int minus)
    {
        var source = context.Source;
        var end = minus + 1;
        while (end < source.Length && SyntaxFacts.IsNameChar(source.Text[end]))
        {
            end++;
        }

        var start = minus;
        while (start > 0 && SyntaxFacts.IsNameChar(source.Text[start - 1]))
        {
            start--;
        }

        var shown = source.Text[start..end];
        if (shown.Length == 1)
        {
            // `h -{hle}`: no name touches the `-`, so show what follows it (a set or a parenthesis) instead.
            var right = minus + 1;
            while (right < source.Length && right - minus <= 40 && !char.IsWhiteSpace(source.Text[right]) && source.Text[right - 1] != '}' && source.Text[right - 1] != ')')
            {
                right++;
            }

            var operand = source.Text[(minus + 1)..right];
            return DiagnosticCatalog.MisspacedMinus.Create(
                source.Span(minus, 1),
                $"the `-` before `{Shorten(operand)}` needs a space on each side to mean difference",
                $"write `A - {Shorten(operand)}`: the operators `-`, `+` and `&` take a space on each side");
        }

        return DiagnosticCatalog.MisspacedMinus.Create(
            source.Span(minus, 1),
            $"the `-` in `{Shorten(shown)}` needs a space on each side to mean difference",
            "write `A - B`; without spaces, `a-b` is a single name");
    }

    private static Diagnostic UnexpectedCharacter(FailureContext context, char c)
    {
        var hint = c switch
        {
            '\'' => "strings are written in double quotes: `\"...\"`",
            '*' or '?' => "a VM name pattern is a quoted string: `vm \"web-*\" uses PROFILE`",
            '/' or '\\' or ':' => "a path is a quoted string: `\"hosts/hera.xml\"`",
            _ when c > '\u007f' && char.IsLetter(c) => "names use only ASCII letters, digits, `_`, `.` and `-`",
            _ => "names use letters, digits, `_`, `.` and `-`; comments start with `#`",
        };
        return DiagnosticCatalog.UnexpectedCharacter.Create(context.Span(1), $"unexpected character {Show(c)}", hint);
    }

    private static Diagnostic BadStatementStart(FailureContext context)
    {
        var source = context.Source;
        switch (context.Char)
        {
            case '{':
                return DiagnosticCatalog.BlockOnNewLine.Create(
                    context.Span(1),
                    "a `{` block must start on the line of its `profile` or `target` statement",
                    "move this `{` to the end of the statement's line");
            case '}' or ')':
                return DiagnosticCatalog.UnmatchedClosing.Create(
                    context.Span(1),
                    $"`{context.Char}` does not close anything",
                    "remove it, or add the opening bracket it should close");
        }

        if (context.Word is not { } word)
        {
            return DiagnosticCatalog.UnexpectedToken.Create(
                context.TokenSpan(),
                $"a statement cannot start with {context.Found()}",
                $"statements start with {Quoted(SyntaxFacts.StatementKeywords)}");
        }

        string hint;
        if (SyntaxFacts.ConstraintKeywords.Contains(word))
        {
            hint = $"`{word}` is a constraint: it goes inside a profile's braces, `profile NAME = EXPRESSION {{`, on a line of its own";
        }
        else if (Suggestions.Closest(word, SyntaxFacts.StatementKeywords) is { } keyword)
        {
            hint = $"did you mean `{keyword}`?";
        }
        else if (NextTokenAfterWord(source, context.Offset, word) == '=')
        {
            hint = $"a declaration starts with its keyword: `pool {word} = ...` or `profile {word} = ...`";
        }
        else
        {
            hint = $"statements start with {Quoted(SyntaxFacts.StatementKeywords)}";
        }

        return DiagnosticCatalog.UnknownStatement.Create(context.Span(word.Length), $"`{word}` is not a statement", hint);
    }

    private static Diagnostic BadConstraint(FailureContext context)
    {
        if (context.Word is not { } word)
        {
            return DiagnosticCatalog.UnexpectedToken.Create(
                context.TokenSpan(),
                $"expected a constraint, found {context.Found()}",
                ConstraintForms);
        }

        var suggestion = Suggestions.Closest(word, SyntaxFacts.ConstraintKeywords);
        var hint = suggestion is not null
            ? $"did you mean `{suggestion}`? {ConstraintForms}"
            : $"{ConstraintForms}; to combine feature sets, join them to the expression with `+`, `-` or `&`";
        return DiagnosticCatalog.UnknownConstraint.Create(context.Span(word.Length), $"`{word}` is not a constraint", hint);
    }

    private static Diagnostic BadVendor(FailureContext context)
    {
        const string vendors = "the vendors are `intel`, `amd`, `hisilicon`, `arm` and `ampere`";
        if (context.Word is not { } word)
        {
            return DiagnosticCatalog.UnknownVendor.Create(context.TokenSpan(), $"expected a vendor, found {context.Found()}", vendors);
        }

        var suggestion = Suggestions.Closest(word, ["intel", "amd", "hisilicon", "arm", "ampere"]);
        return DiagnosticCatalog.UnknownVendor.Create(
            context.Span(word.Length),
            $"`{word}` is not a vendor",
            suggestion is null ? vendors : $"did you mean `{suggestion}`? {vendors}");
    }

    private static Diagnostic UnknownFunction(FailureContext context)
    {
        // The failure sits on the `(`; the function's name is the word right before it.
        var source = context.Source;
        var start = context.Offset;
        while (start > 0 && SyntaxFacts.IsNameChar(source.Text[start - 1]))
        {
            start--;
        }

        var name = source.Text[start..context.Offset];
        var suggestion = Suggestions.Closest(name, SyntaxFacts.Functions);
        const string functions = "the functions are `model(NAME)` and `baseline(A, B, ...)`";
        return DiagnosticCatalog.UnknownFunction.Create(
            source.Span(start, name.Length),
            $"`{name}` is not a function",
            suggestion is null ? functions : $"did you mean `{suggestion}`? {functions}");
    }

    private static Diagnostic ExpectedString(FailureContext context)
    {
        var what = context.ExpectedPhrase(Strings);
        var token = context.RawToken();
        var hint = token.Length > 0 && context.Char is not '"'
            ? $"put it in double quotes: `\"{Shorten(token)}\"`"
            : context.StatementFormHint();
        return DiagnosticCatalog.ExpectedString.Create(context.TokenSpan(), $"expected {what}, found {context.Found()}", hint);
    }

    private static Diagnostic ExpectedKeyword(FailureContext context)
    {
        var keywords = context.Failure.Expected.Where(MidStatementKeywords.Contains).Order(StringComparer.Ordinal).ToList();
        var plain = keywords.Select(k => k.Trim('`')).ToList();
        var suggestion = context.Word is { } word ? Suggestions.Closest(word, plain) : null;
        var form = context.StatementFormHint();
        return DiagnosticCatalog.ExpectedKeyword.Create(
            context.TokenSpan(),
            $"expected {string.Join(" or ", keywords)}, found {context.Found()}",
            suggestion is null ? form : $"did you mean `{suggestion}`? {form}");
    }

    private static Diagnostic ExpectedExpression(FailureContext context)
    {
        var before = context.Source.LastSignificantBefore(context.Offset);
        var atLineEnd = context.Char is null or '\n' or '\r';
        var hint = atLineEnd && before is '+' or '-' or '&'
            ? $"a line that ends in `{before}` does not continue on the next line; put the whole expression in `( )` to spread it over several lines"
            : ExpressionForms;
        return DiagnosticCatalog.ExpectedExpression.Create(context.TokenSpan(), $"expected a feature set, found {context.Found()}", hint);
    }

    private static Diagnostic ExpectedName(FailureContext context)
    {
        var expected = context.Failure.Expected;
        string? hint;
        if (ContinuedListHint(context) is { } continued)
        {
            hint = continued;
        }
        else if (TrailingCommaHint(context) is { } trailing)
        {
            hint = trailing;
        }
        else if (context.Char is { } c && char.IsAsciiDigit(c))
        {
            hint = NameRule;
        }
        else if (expected.Contains(OptionValue) || expected.Contains(OptionName))
        {
            hint = "options are written `name value` without `=`, e.g. `format libxl`";
        }
        else
        {
            hint = context.StatementFormHint();
        }

        return DiagnosticCatalog.ExpectedName.Create(
            context.TokenSpan(),
            $"expected {context.ExpectedPhrase(Names)}, found {context.Found()}",
            hint);
    }

    private static Diagnostic UnexpectedToken(FailureContext context)
    {
        var source = context.Source;
        var expected = context.Failure.Expected;

        // `a- b`: the parser read the name `a-` and then stumbled on `b`; the `-` was meant as an operator.
        var previous = context.Offset;
        while (previous > 0 && source.Text[previous - 1] is ' ' or '\t')
        {
            previous--;
        }

        if (previous < context.Offset && previous >= 2 && source.Text[previous - 1] == '-' && SyntaxFacts.IsNameChar(source.Text[previous - 2])
            && context.Word is not null)
        {
            return MisspacedMinus(context, previous - 1);
        }

        if (expected.Contains(EndOfLine))
        {
            var hint = context.Char switch
            {
                '{' => "only `profile` and `target` statements take a `{ }` block",
                _ when context.Word is not null => "a statement ends at the end of its line; separate the items of a list with `,`",
                _ => "a statement ends at the end of its line",
            };
            return DiagnosticCatalog.UnexpectedToken.Create(context.TokenSpan(), $"unexpected {context.Found()} after the end of the statement", hint);
        }

        string? hintFor = expected.FirstOrDefault() switch
        {
            EntrySeparator => "put each entry of a block on its own line, or separate entries with `;`",
            CommaOrCloseBrace => "separate the features of a set with `,` and close it with `}`",
            CommaOrCloseParenthesis => "separate the names with `,` and close the list with `)`",
            CloseParenthesis => "`model(NAME)` takes exactly one model name",
            CloseParenthesisOrOperator => "combine feature sets with `+`, `-` or `&`, and close the `(` with `)`",
            _ => null,
        };
        var what = expected.Count == 0 ? "something else" : string.Join(" or ", expected.Order(StringComparer.Ordinal));
        return DiagnosticCatalog.UnexpectedToken.Create(context.TokenSpan(), $"expected {what}, found {context.Found()}", hintFor);
    }

    /// <summary>
    /// The hint for a name expected at the start of a line after a line ending in <c>,</c>: the list went on
    /// because of a stray trailing comma.
    /// </summary>
    private static string? ContinuedListHint(FailureContext context) =>
        context.Source.IsFirstOnLine(context.Offset) && context.Source.LastSignificantBefore(context.Offset) == ','
            ? "the line before ends in `,`, so this line continues its list; remove that `,` if the list is complete"
            : null;

    /// <summary>
    /// The hint for a name expected where a list closes right after a comma (<c>{hle,}</c>, <c>baseline(a, b,)</c>): a
    /// list takes no trailing comma. Quotes the list and its fix when it starts on the same line.
    /// </summary>
    private static string? TrailingCommaHint(FailureContext context)
    {
        var source = context.Source;
        if (context.Char is not ('}' or ')') || source.LastSignificantBefore(context.Offset) != ',')
        {
            return null;
        }

        var open = context.Char == '}' ? '{' : '(';
        var start = context.Offset - 1;
        var lineStart = source.LineStart(context.Offset);
        while (start >= lineStart && source.Text[start] != open)
        {
            start--;
        }

        if (start < lineStart)
        {
            return $"a list takes no trailing `,`: remove the `,` before this `{context.Char}`";
        }

        var written = source.Text[start..(context.Offset + 1)];
        var body = source.Text[(start + 1)..context.Offset].TrimEnd(' ', '\t').TrimEnd(',').TrimEnd(' ', '\t');
        return $"`{Shorten(written)}` ends in a `,`: a list takes no trailing comma; write `{Shorten($"{open}{body}{context.Char}")}`";
    }

    /// <summary>Characters that cannot begin any token of the language.</summary>
    private static bool IsForeign(char c) =>
        !(SyntaxFacts.IsNameChar(c) || c is ' ' or '\t' or '\r' or '\n' or '{' or '}' or '(' or ')' or '=' or ',' or ';' or '+' or '&' or '#' or '"');

    private static char? NextTokenAfterWord(SourceText source, int offset, string word)
    {
        var i = offset + word.Length;
        while (source.CharAt(i) is ' ' or '\t')
        {
            i++;
        }

        return source.CharAt(i);
    }

    // A backquote is shown by its code point: inside the message's own backquotes it would unbalance them.
    internal static string Show(char c) => char.IsControl(c) || char.IsWhiteSpace(c) || c is '\uFEFF' or '`'
        ? $"U+{(int)c:X4}"
        : $"`{c}`";

    /// <summary>User text to quote in backquotes: at most 40 characters, its own backquotes shown as `'`.</summary>
    internal static string Shorten(string text)
    {
        var shown = text.Replace('`', '\'');
        return shown.Length <= 40 ? shown : shown[..37] + "...";
    }

    private static string Quoted(IEnumerable<string> words)
    {
        var list = words.Select(w => $"`{w}`").ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }
}
