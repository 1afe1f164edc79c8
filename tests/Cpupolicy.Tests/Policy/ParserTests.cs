using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;
using static Cpupolicy.Tests.Policy.SyntaxFactory;

namespace Cpupolicy.Tests.Policy;

public class ParserTests
{
    /// <summary>The example of docs/policy-language.md, verbatim (alignment spaces included).</summary>
    public const string SpecExample = """
        # Two-host XCP-ng pool: Haswell (hera) beside Ivy Bridge (zeus).
        host hera from "hosts/hera.cpuid"        # raw CPUID dump
        host zeus is IvyBridge                   # a named model, when no dump is at hand

        pool homelab = hera, zeus

        profile safe = baseline(homelab) - {hle, rtm} {
          require aes, avx
          forbid  hle, rtm
        }
        profile fast = model(Haswell-noTSX) & baseline(homelab) + {pcid}

        vm "web-*" uses safe
        vm "db01"  uses fast
        default uses safe

        target xen     { format libxl }
        target libvirt { model auto }
        target qemu    { model auto }

        """;

    internal static PolicySyntax Parse(string text)
    {
        var result = PolicyParser.Parse(text, "test.cpupolicy");
        Assert.True(result.Tree is not null, "unexpected diagnostics:\n" + string.Join('\n', result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        return result.Tree!;
    }

    internal static PolicySyntax ParseErased(string text) => SpanEraser.Erase(Parse(text));

    [Fact]
    public void The_spec_example_parses_to_the_expected_tree()
    {
        var expected = Tree(
            HostFrom("hera", "hosts/hera.cpuid", Trivia("# raw CPUID dump", false, Line("# Two-host XCP-ng pool: Haswell (hera) beside Ivy Bridge (zeus)."))),
            HostIs("zeus", "IvyBridge", Trivia("# a named model, when no dump is at hand")),
            Pool("homelab", ["hera", "zeus"], Trivia(blank: true)),
            Profile(
                "safe",
                Minus(Baseline("homelab"), Set("hle", "rtm")),
                Block(Require("aes", "avx"), Forbid("hle", "rtm")),
                Trivia(blank: true)),
            Profile("fast", Union(And(Model("Haswell-noTSX"), Baseline("homelab")), Set("pcid"))),
            Vm("web-*", "safe", Trivia(blank: true)),
            Vm("db01", "fast"),
            Default("safe"),
            Target("xen", Block(Option("format", "libxl")), Trivia(blank: true)),
            Target("libvirt", Block(Option("model", "auto"))),
            Target("qemu", Block(Option("model", "auto"))));

        Assert.Equal(expected, ParseErased(SpecExample));
    }

    [Fact]
    public void Spans_point_at_the_source_with_one_based_lines_and_columns()
    {
        var tree = Parse(SpecExample);
        var host = Assert.IsType<HostFromStatementSyntax>(tree.Statements[0]);
        Assert.Equal(new SourceSpan("test.cpupolicy", SpecExample.IndexOf("host hera", StringComparison.Ordinal), 2, 1, 33), host.Span);
        Assert.Equal("hera", SpecExample.Substring(host.Name.Span.Offset, host.Name.Span.Length));
        Assert.Equal((2, 6), (host.Name.Span.Line, host.Name.Span.Column));
        Assert.Equal("\"hosts/hera.cpuid\"", SpecExample.Substring(host.Path.Span.Offset, host.Path.Span.Length));
        Assert.Equal("# raw CPUID dump", Text(host.Trivia.Trailing!.Span));

        var safe = Assert.IsType<ProfileStatementSyntax>(tree.Statements[3]);
        Assert.Equal("baseline(homelab) - {hle, rtm}", Text(safe.Expression.Span));
        var minus = Assert.IsType<BinaryExpressionSyntax>(safe.Expression);
        Assert.Equal("-", Text(minus.OperatorSpan));
        Assert.Equal("{hle, rtm}", Text(minus.Right.Span));
        Assert.Equal("{\n  require aes, avx\n  forbid  hle, rtm\n}", Text(safe.Constraints!.Span));
        Assert.Equal("forbid  hle, rtm", Text(safe.Constraints.Entries[1].Span));
        Assert.StartsWith("profile safe", Text(safe.Span), StringComparison.Ordinal);
        Assert.EndsWith("}", Text(safe.Span), StringComparison.Ordinal);

        var xen = Assert.IsType<TargetStatementSyntax>(tree.Statements[8]);
        Assert.Equal("target xen     { format libxl }", Text(xen.Span));
        Assert.Equal((17, 18), (xen.Options!.Entries[0].Span.Line, xen.Options.Entries[0].Span.Column));
        Assert.Equal(SpecExample.Length, tree.Span.Length);

        static string Text(SourceSpan span) => SpecExample.Substring(span.Offset, span.Length);
    }

    [Theory]
    [InlineData("host hera from \"hosts/hera.xml\"")]
    [InlineData("host hera from \"a \\\"quoted\\\" \\\\ path\"")]
    public void Host_from_reads_an_unescaped_path(string text)
    {
        var host = Assert.IsType<HostFromStatementSyntax>(ParseErased(text).Statements[0]);
        Assert.Equal("hera", host.Name.Text);
        Assert.Equal(text == "host hera from \"hosts/hera.xml\"" ? "hosts/hera.xml" : "a \"quoted\" \\ path", host.Path.Value);
    }

    [Fact]
    public void Host_is_names_a_model() =>
        Assert.Equal(Tree(HostIs("zeus", "Skylake-Server-v4")), ParseErased("host zeus is Skylake-Server-v4"));

    [Fact]
    public void Pool_lists_members() =>
        Assert.Equal(Tree(Pool("all", ["hera", "zeus", "rack2.node-1"])), ParseErased("pool all=hera ,zeus,   rack2.node-1"));

    [Fact]
    public void Names_keep_dots_and_dashes_so_a_dash_without_spaces_is_part_of_a_name() =>
        Assert.Equal(
            Tree(Profile("p", Union(Set("sse4.1", "avx512-vnni", "lahf_lm"), Model("x86-64-v3"))), Profile("q", Ref("a-b"))),
            ParseErased("profile p = {sse4.1, avx512-vnni, lahf_lm} + model(x86-64-v3)\nprofile q = a-b"));

    [Fact]
    public void Operators_have_equal_precedence_and_associate_left() =>
        Assert.Equal(
            Tree(Profile("p", And(Union(Minus(Ref("a"), Ref("b")), Ref("c")), Ref("d")))),
            ParseErased("profile p = a - b + c & d"));

    [Fact]
    public void Parentheses_group_and_stay_in_the_tree() =>
        Assert.Equal(
            Tree(Profile("p", Minus(Ref("a"), Paren(Union(Ref("b"), Paren(Ref("c"))))))),
            ParseErased("profile p = a - (b + (c))"));

    [Fact]
    public void Plus_and_ampersand_need_no_spaces() =>
        Assert.Equal(Tree(Profile("p", And(Union(Ref("a"), Set("x")), Ref("b")))), ParseErased("profile p = a+{x}&b"));

    [Fact]
    public void Empty_feature_set_and_spaced_function_calls_are_accepted() =>
        Assert.Equal(
            Tree(Profile("p", Union(Set(), Paren(Union(Model("Haswell"), Baseline("a", "b")))))),
            ParseErased("profile p = {} + (model (Haswell) + baseline ( a , b ))"));

    [Fact]
    public void Model_and_baseline_are_ordinary_names_unless_called() =>
        Assert.Equal(
            Tree(Profile("model", Union(Ref("model"), Ref("baseline")))),
            ParseErased("profile model = model + baseline"));

    [Fact]
    public void Constraints_cover_require_forbid_and_vendor() =>
        Assert.Equal(
            Tree(Profile("p", Ref("q"), Block(Require("aes"), Forbid("hle", "rtm"), Vendor(VendorKeyword.Amd), Vendor(VendorKeyword.Intel)))),
            ParseErased("profile p = q {\n  require aes\n  forbid hle, rtm\n  vendor amd; vendor intel\n}"));

    [Fact]
    public void Block_entries_may_be_separated_by_semicolons_on_one_line() =>
        Assert.Equal(
            Tree(Target("libvirt", Block(Option("model", "Cascadelake-Server-v4"), Option("check", "full")))),
            ParseErased("target libvirt { model Cascadelake-Server-v4; check full; }"));

    [Fact]
    public void Option_values_may_be_release_numbers() =>
        Assert.Equal(
            Tree(Target("xen", Block(Option("release", "4.22.0"))), Target("libvirt", Block(Option("release", "11.3.0"), Option("model", "auto")))),
            ParseErased("target xen { release 4.22.0 }\ntarget libvirt { release 11.3.0; model auto }"));

    [Fact]
    public void Target_without_options_and_empty_blocks() =>
        Assert.Equal(
            Tree(Target("xapi"), Target("kubevirt", Block<OptionSyntax>()), Profile("p", Ref("q"), Block<ConstraintSyntax>())),
            ParseErased("target xapi\ntarget kubevirt {}\nprofile p = q {\n}"));

    [Fact]
    public void Vm_default_and_include() =>
        Assert.Equal(
            Tree(Include("common/hosts.cpupolicy"), Vm("db-??", "fast"), Default("safe")),
            ParseErased("include \"common/hosts.cpupolicy\"\nvm \"db-??\" uses fast\ndefault uses safe\n"));

    [Fact]
    public void A_line_ending_in_a_comma_continues_and_keeps_its_comments()
    {
        var text = "pool big = a,   # first rack\n  # second rack\n\n  b, c,\n  d\n";
        var first = Name("a", new ContinuationTrivia(Comment("# first rack"), [Comment("# second rack")]));
        var third = Name("c", ContinuationTrivia.Plain);
        var expected = Tree(new PoolStatementSyntax(Name("big"), [first, Name("b"), third, Name("d")], LineTrivia.None, default));
        Assert.Equal(expected, ParseErased(text));
    }

    [Fact]
    public void Inside_parentheses_and_feature_sets_lines_continue_anywhere()
    {
        var text = "profile p = (baseline(\n  homelab\n) - {hle,\n  rtm\n})\nhost h is Haswell";
        var expected = Tree(
            Profile("p", Paren(Minus(Baseline("homelab"), Set([Name("hle", ContinuationTrivia.Plain), Name("rtm")])))),
            HostIs("h", "Haswell"));
        Assert.Equal(expected, ParseErased(text));
    }

    [Fact]
    public void Comments_inside_groups_move_to_the_lines_above_the_statement()
    {
        var text = "# about p\n\nprofile p = (a # why a\n  - b) # end\n";
        var expected = Tree(Profile("p", Paren(Minus(Ref("a"), Ref("b"))), null, Trivia("# end", false, Line("# about p"), Line("# why a", true))));
        Assert.Equal(expected, ParseErased(text));
    }

    [Fact]
    public void Block_comments_go_to_the_open_brace_the_entries_and_the_closing_brace()
    {
        var text = "target xen {  # xl.cfg\n\n  # the default\n  format libxl  # or xend\n\n  # nothing else yet\n}  # done\n";
        var option = Option("format", "libxl") with { Trivia = Trivia("# or xend", false, Line("# the default")) };
        var block = new BlockSyntax<OptionSyntax>([option], Comment("# xl.cfg"), [Line("# nothing else yet", true)], default);
        Assert.Equal(Tree(Target("xen", block, Trivia("# done"))), ParseErased(text));
    }

    [Fact]
    public void Blank_lines_collapse_and_comments_at_the_end_of_the_file_are_kept()
    {
        var text = "\n\n# lead\n\n\n\nhost a is B\n\n\n# tail one\n\n# tail two\n\n";
        var expected = Tree([Line("# tail one", true), Line("# tail two", true)], HostIs("a", "B", Trivia(null, true, Line("# lead"))));
        Assert.Equal(expected, ParseErased(text));
    }

    [Fact]
    public void Crlf_line_ends_tabs_and_a_byte_order_mark_are_accepted() =>
        Assert.Equal(
            Tree(HostIs("a", "B", Trivia("# c")), new PoolStatementSyntax(Name("p"), [Name("a", ContinuationTrivia.Plain), Name("b")], LineTrivia.None, default)),
            ParseErased("\uFEFFhost\ta is B  # c \r\n\tpool p = a,\r\n  b\r\n"));

    [Fact]
    public void Empty_and_comment_only_files_parse()
    {
        Assert.Empty(Parse(string.Empty).Statements);
        Assert.Equal(Tree([Line("# only a comment")]), ParseErased("  # only a comment"));
    }

    [Fact]
    public void A_file_with_errors_gives_no_tree()
    {
        var result = PolicyParser.Parse("host a is B\nhots b is C\n", "f.cpupolicy");
        Assert.Null(result.Tree);
        Assert.True(result.HasErrors);
    }
}
