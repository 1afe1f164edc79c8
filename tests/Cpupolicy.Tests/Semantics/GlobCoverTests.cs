using Cpupolicy.Compiler.Semantics.Checking;
using Cpupolicy.Core.Globs;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Semantics;

public class GlobCoverTests
{
    [Theory]
    [InlineData("web-*", "web-01", true)]
    [InlineData("web-?", "web-1", true)]
    [InlineData("web-?", "web-12", false)]
    [InlineData("*", "", true)]
    [InlineData("db01", "db01", true)]
    [InlineData("db01", "db02", false)]
    [InlineData("*-prod", "api-prod", true)]
    public void Matches_like_a_shell_glob(string glob, string name, bool expected) =>
        Assert.Equal(expected, GlobCover.Matches(glob, name));

    [Theory]
    [InlineData("web-*", "web-01", true)]
    [InlineData("web-*", "web-*", true)]
    [InlineData("*", "db-?", true)]
    [InlineData("web-?", "web-*", false)]
    [InlineData("web-01", "web-*", false)]
    [InlineData("a*b", "a?b", true)]
    [InlineData("a*", "a*b*", true)]
    public void Cover_is_language_inclusion(string outer, string inner, bool expected) =>
        Assert.Equal(expected, GlobCover.Covers(outer, inner));

    /// <summary>For all globs and names: if a covers b and b matches a name, a matches it too (soundness of the shadowing warning).</summary>
    [Property]
    public Property Cover_is_sound_for_all_names()
    {
        var glob = Gen.Elements("a", "b", "-", "*", "?").ArrayOf().Select(cs => string.Concat(cs.Take(6)));
        var name = Gen.Elements("a", "b", "-").ArrayOf().Select(cs => string.Concat(cs.Take(8)));
        return Prop.ForAll(
                Arb.From(glob),
                Arb.From(glob),
                Arb.From(name),
                (outer, inner, n) => !GlobCover.Covers(outer, inner) || !GlobCover.Matches(inner, n) || GlobCover.Matches(outer, n));
    }

    /// <summary>
    /// For all lists of globs: the prefix index finds, for each glob, the same first covering earlier glob as testing
    /// every earlier one in order (which is what the shadowed-rule warning names).
    /// </summary>
    [Property]
    public Property Prefix_index_finds_the_first_cover_like_a_linear_scan()
    {
        var glob = Gen.Elements("a", "b", "-", "*", "?").ArrayOf().Select(cs => string.Concat(cs.Take(5)));
        return Prop.ForAll(
                Arb.From(glob.ArrayOf()),
                globs =>
                {
                    var index = new GlobPrefixIndex();
                    foreach (var g in globs)
                    {
                        var linear = Enumerable.Range(0, index.Count).FirstOrDefault(i => GlobCover.Covers(globs[i], g), -1);
                        if (index.FirstCovering(g) != linear)
                        {
                            return false;
                        }

                        index.Add(g);
                    }

                    return true;
                });
    }
}
