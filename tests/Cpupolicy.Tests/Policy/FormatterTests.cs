using Cpupolicy.Policy.Formatting;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Tests.Policy;

public class FormatterTests
{
    /// <summary>The canonical form of the spec's example: the expected output of <c>cpupolicy fmt</c>.</summary>
    private const string SpecExampleFormatted = """
        # Two-host XCP-ng pool: Haswell (hera) beside Ivy Bridge (zeus).
        host hera from "hosts/hera.cpuid"  # raw CPUID dump
        host zeus is IvyBridge             # a named model, when no dump is at hand

        pool homelab = hera, zeus

        profile safe = baseline(homelab) - {hle, rtm} {
          require aes, avx
          forbid hle, rtm
        }
        profile fast = model(Haswell-noTSX) & baseline(homelab) + {pcid}

        vm "web-*" uses safe
        vm "db01" uses fast
        default uses safe

        target xen {
          format libxl
        }
        target libvirt {
          model auto
        }
        target qemu {
          model auto
        }

        """;

    private static string Fmt(string text)
    {
        var result = PolicyFormatter.Format(text, "t.cpupolicy");
        Assert.True(result.Text is not null, string.Join('\n', result.Diagnostics));
        return result.Text!;
    }

    [Fact]
    public void The_spec_example_formats_to_its_canonical_form_and_stays_there()
    {
        Assert.Equal(SpecExampleFormatted, Fmt(ParserTests.SpecExample));
        var again = PolicyFormatter.Format(SpecExampleFormatted, "t.cpupolicy");
        Assert.Equal(SpecExampleFormatted, again.Text);
        Assert.False(again.Changed);
        Assert.True(PolicyFormatter.Format(ParserTests.SpecExample, "t.cpupolicy").Changed);
    }

    [Theory]
    [InlineData("pool   p=a ,b,c", "pool p = a, b, c\n")]
    [InlineData("profile p = ( a  -  b )+{ x,y }&model( M )", "profile p = (a - b) + {x, y} & model(M)\n")]
    [InlineData("profile p = baseline ( a , b )", "profile p = baseline(a, b)\n")]
    [InlineData("  vm   \"a\\\"b\"   uses   p  ", "vm \"a\\\"b\" uses p\n")]
    [InlineData("\thost h   from\t\"x\\\\y\"", "host h from \"x\\\\y\"\n")]
    [InlineData("target xen {}", "target xen {}\n")]
    [InlineData("target xen { }", "target xen {}\n")]
    [InlineData("target xen { format xend ; }", "target xen {\n  format xend\n}\n")]
    [InlineData("profile p = q { require a,b; forbid  c ; vendor amd }", "profile p = q {\n  require a, b\n  forbid c\n  vendor amd\n}\n")]
    [InlineData("host a is B\r\nhost c is D\r\n", "host a is B\nhost c is D\n")]
    [InlineData("", "")]
    [InlineData("\n\n\n", "")]
    [InlineData("# only   \n\n\n", "# only\n")]
    public void Spacing_and_layout_are_normalised(string input, string expected) =>
        Assert.Equal(expected, Fmt(input));

    [Fact]
    public void A_dash_without_spaces_stays_part_of_the_name()
    {
        Assert.Equal("profile p = a-b - c\n", Fmt("profile p = a-b   -   c"));
    }

    [Fact]
    public void Blank_line_runs_collapse_to_one_and_comments_stay_where_they_were()
    {
        var input = """


            # header



            host a is B   # trailing   
            # about c


            host c is D
            # the end


            """;
        var expected = """
            # header

            host a is B  # trailing
            # about c

            host c is D
            # the end

            """;
        Assert.Equal(expected, Fmt(input));
    }

    [Fact]
    public void Consecutive_end_of_line_comments_are_aligned_and_blocks_are_indented()
    {
        var input = """
            target xen {   # xl.cfg
                    format libxl # or xend

                    # more options later
                }   # done
            profile p = q {
              require avx2, bmi2, fma # what the VMs booted with
            vendor intel
            }
            """;
        var expected = """
            target xen {    # xl.cfg
              format libxl  # or xend

              # more options later
            }  # done
            profile p = q {
              require avx2, bmi2, fma  # what the VMs booted with
              vendor intel
            }

            """;
        Assert.Equal(expected, Fmt(input));
    }

    [Fact]
    public void Wrapped_lists_stay_wrapped_with_a_continuation_indent()
    {
        var input = """
            pool big = hera,zeus,   # rack one
               # rack two
              apollo,


                       artemis
            profile p = q {
            require avx, avx2,
            fma
            }
            profile s = {sse4.1,
            sse4.2} + baseline(big,
              hera)
            """;
        var expected = """
            pool big = hera, zeus,  # rack one
                # rack two
                apollo,
                artemis
            profile p = q {
              require avx, avx2,
                  fma
            }
            profile s = {sse4.1,
                sse4.2} + baseline(big,
                hera)

            """;
        Assert.Equal(expected, Fmt(input));
        Assert.Equal(expected, Fmt(expected));
    }

    [Fact]
    public void Comments_inside_an_expression_move_above_the_statement_and_breaks_elsewhere_are_joined()
    {
        var input = """
            profile p = (baseline(  # the pool's floor
                homelab
              )
              # minus TSX
              - {hle})
            """;
        var expected = """
            # the pool's floor
            # minus TSX
            profile p = (baseline(homelab) - {hle})

            """;
        Assert.Equal(expected, Fmt(input));
    }

    [Fact]
    public void A_file_with_syntax_errors_is_not_formatted()
    {
        var result = PolicyFormatter.Format("host a is B\nprofile p = a -b\n", "t.cpupolicy");
        Assert.Null(result.Text);
        Assert.False(result.Changed);
        Assert.Equal("CP0108", Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Printing_a_built_tree_writes_every_construct()
    {
        var tree = SyntaxFactory.Tree(
            SyntaxFactory.Include("base.cpupolicy"),
            SyntaxFactory.HostFrom("hera", "hosts/hera.xml"),
            SyntaxFactory.Profile("p", SyntaxFactory.Minus(SyntaxFactory.Ref("a"), SyntaxFactory.Paren(SyntaxFactory.And(SyntaxFactory.Set("x"), SyntaxFactory.Baseline("b")))),
                SyntaxFactory.Block(SyntaxFactory.Vendor(VendorKeyword.Amd))),
            SyntaxFactory.Default("p"));
        Assert.Equal(
            "include \"base.cpupolicy\"\nhost hera from \"hosts/hera.xml\"\nprofile p = a - ({x} & baseline(b)) {\n  vendor amd\n}\ndefault uses p\n",
            PolicyFormatter.Print(tree));
    }
}
