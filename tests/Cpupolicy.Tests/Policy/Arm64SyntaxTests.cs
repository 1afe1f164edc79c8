using Cpupolicy.Policy.Formatting;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Tests.Policy;

/// <summary>The aarch64 additions to the language: <c>FIELD &gt;= LEVEL</c> in feature lists and the aarch64 vendors.</summary>
public class Arm64SyntaxTests
{
    [Fact]
    public void Field_levels_parse_into_the_name_and_print_canonically()
    {
        var text = "profile p = k - {ISAR0.AES>=2,sve} {\n  require ISAR0.ATOMIC   >=  IMP, asimddp\n  vendor hisilicon\n}\n";
        var result = PolicyFormatter.Format(text, "t.cpupolicy");
        Assert.Empty(result.Diagnostics);
        Assert.Equal("profile p = k - {ISAR0.AES >= 2, sve} {\n  require ISAR0.ATOMIC >= IMP, asimddp\n  vendor hisilicon\n}\n", result.Text);

        var tree = PolicyParser.Parse(result.Text!, "t").Tree!;
        var profile = Assert.IsType<ProfileStatementSyntax>(tree.Statements[0]);
        var set = Assert.IsType<FeatureSetExpressionSyntax>(Assert.IsType<BinaryExpressionSyntax>(profile.Expression).Right);
        Assert.Equal("ISAR0.AES", set.Features[0].Text);
        Assert.Equal("2", set.Features[0].AtLeast!.Text);
        Assert.Null(set.Features[1].AtLeast);
    }

    [Theory]
    [InlineData("hisilicon", VendorKeyword.HiSilicon)]
    [InlineData("arm", VendorKeyword.Arm)]
    [InlineData("ampere", VendorKeyword.Ampere)]
    public void The_aarch64_vendors_are_constraints(string word, VendorKeyword vendor)
    {
        var tree = PolicyParser.Parse($"profile p = k {{\n  vendor {word}\n}}\n", "t").Tree!;
        var profile = Assert.IsType<ProfileStatementSyntax>(tree.Statements[0]);
        Assert.Equal(vendor, Assert.IsType<VendorConstraintSyntax>(profile.Constraints!.Entries[0]).Vendor);
    }

    [Fact]
    public void A_level_is_only_taken_in_feature_lists()
    {
        // In a baseline's member list `>=` is not part of the language.
        Assert.NotEmpty(PolicyParser.Parse("profile p = baseline(a >= 2)\n", "t").Diagnostics);
    }
}
