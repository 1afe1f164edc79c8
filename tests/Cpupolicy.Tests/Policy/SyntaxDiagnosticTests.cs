using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Parsing;

namespace Cpupolicy.Tests.Policy;

/// <summary>
/// One case (at least) per syntax diagnostic: the input with the expected span marked by <c>[ ]</c>, and the code.
/// </summary>
public class SyntaxDiagnosticTests
{
    /// <summary>(annotated input, expected code). Each input has exactly one error.</summary>
    public static readonly TheoryData<string, string> Cases = new()
    {
        { "host a is B [@]", "CP0101" },
        { "profile p = [']x'", "CP0101" },
        { "host caf[é] is X", "CP0101" },
        { "host a from [\"hosts/x]\nhost b is C", "CP0102" },
        { "vm [\"web-* uses p]", "CP0102" },
        { "host a from \"ho[\\n]st\"", "CP0103" },
        { "[hots] a is B", "CP0104" },
        { "[homelab] = a, b", "CP0104" },
        { "[require] aes", "CP0104" },
        { "pool p [a], b", "CP0105" },
        { "profile p [baseline](a)", "CP0105" },
        { "profile p = [(]a + b\nhost x is Y", "CP0106" },
        { "profile p = baseline[(]a, b", "CP0106" },
        { "profile p = [{]a, b\nhost x is Y", "CP0107" },
        { "profile p = a [{]\n  require x\nhost b is C", "CP0107" },
        { "target xen [{] format libxl", "CP0107" },
        { "profile p = a [-]b", "CP0108" },
        { "profile p = a[-] b", "CP0108" },
        { "profile p = (a)[-]b", "CP0108" },
        { "profile p = ({a}\n  [-]{b})", "CP0108" },
        { "profile p = a {\n  [requires] aes\n}", "CP0109" },
        { "profile p = a {[hle]}", "CP0109" },
        { "profile p = a {\n  vendor [intle]\n}", "CP0110" },
        { "profile p = a { vendor [Intel] }", "CP0110" },
        { "profile p = a { vendor[]\n}", "CP0110" },
        { "host [1]abc is X", "CP0111" },
        { "default uses[]", "CP0111" },
        { "target xen { format [=] libxl }", "CP0111" },
        { "pool p = a, [,]b", "CP0111" },
        { "profile p = a - {hle,[}]", "CP0111" },
        { "profile p = baseline(a, b,[)]", "CP0111" },
        { "profile p = a +[]", "CP0112" },
        { "profile p = a +[]\n  b", "CP0112" },
        { "profile p = a - [-] b", "CP0112" },
        { "profile p =[]", "CP0112" },
        { "host a from [hosts]/x.xml", "CP0113" },
        { "vm [web] uses p", "CP0113" },
        { "include[]", "CP0113" },
        { "host a [frm] \"x\"", "CP0114" },
        { "vm \"x\" [use] p", "CP0114" },
        { "default [use] p", "CP0114" },
        { "pool p = [host], b", "CP0115" },
        { "pool p = a,\n[host] b is C", "CP0115" },
        { "profile [vm] = a", "CP0115" },
        { "profile p = a + [vendor]", "CP0115" },
        { "profile p = [modle](Haswell)", "CP0116" },
        { "profile p = [intersect](a, b)", "CP0116" },
        { "host a is B [C]", "CP0117" },
        { "target xen { format libxl [model] auto }", "CP0117" },
        { "profile p = {a [b]}", "CP0117" },
        { "profile p = model(a [b])", "CP0117" },
        { "profile p = (a [b])", "CP0117" },
        { "host a is B [{]}", "CP0117" },
        { "profile p = a\n[{]\n  require x\n}", "CP0118" },
        { "[}]", "CP0119" },
        { "host a is B\n  [)]", "CP0119" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_error_has_its_code_span_message_and_hint(string annotated, string code)
    {
        var input = AnnotatedText.Parse(annotated);
        var expected = Assert.Single(input.Spans);
        var result = PolicyParser.Parse(input.Text, "t.cpupolicy");

        Assert.Null(result.Tree);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(expected, (diagnostic.Span.Offset, diagnostic.Span.Length));
        Assert.Equal("t.cpupolicy", diagnostic.Span.File);
        AssertLineAndColumnMatchOffset(input.Text, diagnostic.Span);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Hint), $"{code} should say what to do");
        AssertWellWritten(diagnostic);
    }

    [Fact]
    public void Every_syntax_code_of_the_catalog_has_a_case()
    {
        var tested = Cases.Select(row => (string)row[1]).ToHashSet(StringComparer.Ordinal);
        tested.Add(DiagnosticCatalog.TooManySyntaxErrors.Code);
        tested.Add(DiagnosticCatalog.NestingTooDeep.Code);
        var syntaxCodes = DiagnosticCatalog.All.Select(d => d.Code).Where(c => c.StartsWith("CP01", StringComparison.Ordinal));
        Assert.Empty(syntaxCodes.Except(tested));
    }

    [Fact]
    public void Parsing_resumes_at_the_next_statement_and_block_entry_so_each_mistake_gets_one_error()
    {
        var input = AnnotatedText.Parse(AnnotatedText.Unindent("""
            [hots] a is B
            host ok is Haswell
            [pol] b = c
            profile c = [(]
            host d is E
            profile e = a {
              require x
              [forbids] y
              vendor [arn]; require [,]z
              forbid w
            }
            target xen { format libxl [model] auto; check [=] full }
            vm "x" uses p [q]
            """));
        var result = PolicyParser.Parse(input.Text, "t.cpupolicy");

        Assert.Equal(
            ["CP0104", "CP0104", "CP0106", "CP0109", "CP0110", "CP0111", "CP0117", "CP0111", "CP0117"],
            result.Diagnostics.Select(d => d.Code));
        Assert.Equal(input.Spans, result.Diagnostics.Select(d => (d.Span.Offset, d.Span.Length)));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_an_error_not_a_crash()
    {
        var depth = SyntaxFactsLimit + 50;
        var nested = "profile p = " + new string('(', depth) + "a" + new string(')', depth);
        var diagnostic = Assert.Single(PolicyParser.Parse(nested, "t").Diagnostics);
        Assert.Equal("CP0120", diagnostic.Code);
        Assert.Equal("profile p = ".Length + SyntaxFactsLimit, diagnostic.Span.Offset);

        var chain = "profile p = a" + string.Concat(Enumerable.Repeat(" + a", SyntaxFactsLimit + 1));
        Assert.Equal("CP0120", Assert.Single(PolicyParser.Parse(chain, "t").Diagnostics).Code);

        var atLimit = "profile p = a" + string.Concat(Enumerable.Repeat(" + a", SyntaxFactsLimit));
        Assert.Empty(PolicyParser.Parse(atLimit, "t").Diagnostics);

        var hugeNesting = "profile p = " + new string('(', 100_000);
        Assert.Equal("CP0120", Assert.Single(PolicyParser.Parse(hugeNesting, "t").Diagnostics).Code);
    }

    [Fact]
    public void After_too_many_errors_the_parser_stops_with_a_warning()
    {
        var text = string.Concat(Enumerable.Repeat("oops\n", PolicyParser.MaxErrors + 20));
        var diagnostics = PolicyParser.Parse(text, "t").Diagnostics;

        Assert.Equal(PolicyParser.MaxErrors + 1, diagnostics.Count);
        Assert.All(diagnostics.Take(PolicyParser.MaxErrors), d => Assert.Equal("CP0104", d.Code));
        Assert.Equal("CP0121", diagnostics[^1].Code);
        Assert.Equal(Severity.Warning, diagnostics[^1].Severity);
    }

    [Theory]
    [InlineData("host h is Haswell-v4\nprofile p = h - {hle,}\n", "`{hle,}` ends in a `,`: a list takes no trailing comma; write `{hle}`")]
    [InlineData("host h is Haswell-v4\nprofile p = h - {hle, rtm ,  }\n", "`{hle, rtm ,  }` ends in a `,`: a list takes no trailing comma; write `{hle, rtm}`")]
    [InlineData("host a is B\nhost c is D\nprofile p = baseline(a, c,)\n", "`(a, c,)` ends in a `,`: a list takes no trailing comma; write `(a, c)`")]
    public void A_trailing_comma_in_a_set_or_list_is_named_with_its_fix(string text, string hint)
    {
        var diagnostic = Assert.Single(PolicyParser.Parse(text, "t.cpupolicy").Diagnostics);
        Assert.Equal("CP0111", diagnostic.Code);
        Assert.EndsWith($", found `{text.TrimEnd('\n')[^1]}`", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(hint, diagnostic.Hint);
    }

    [Fact]
    public void A_diagnostic_renders_as_path_line_column_code_message_and_hint()
    {
        var diagnostic = Assert.Single(PolicyParser.Parse("host a is B\nprofile p = a -b\n", "policies/lab.cpupolicy").Diagnostics);
        Assert.Equal(
            "policies/lab.cpupolicy:2:15: error CP0108: the `-` in `-b` needs a space on each side to mean difference"
                + Environment.NewLine + "  hint: write `A - B`; without spaces, `a-b` is a single name",
            diagnostic.ToString());
    }

    private const int SyntaxFactsLimit = Cpupolicy.Policy.Syntax.SyntaxFacts.MaxExpressionDepth;

    internal static void AssertLineAndColumnMatchOffset(string text, SourceSpan span)
    {
        var before = text[..span.Offset];
        var line = before.Count(c => c == '\n') + 1;
        var column = span.Offset - (before.LastIndexOf('\n') + 1) + 1;
        Assert.Equal((line, column), (span.Line, span.Column));
        Assert.InRange(span.Offset + span.Length, span.Offset, text.Length);
    }

    /// <summary>The message style: no parser-library wording, no type names, the user's input in backticks.</summary>
    internal static void AssertWellWritten(Diagnostic diagnostic)
    {
        var text = diagnostic.Message + " " + diagnostic.Hint;
        foreach (var leak in new[] { "Parsing failure", "unexpected '", "Unexpected end of input", "end of input", "Sprache", "Exception", "Syntax", "IInput", "LineEnd" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        }

        Assert.Equal(0, diagnostic.Message.Count(c => c == '`') % 2);
    }
}
