using Cpupolicy.Compiler.Emit;
using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Tests.Policy;

namespace Cpupolicy.Tests.Semantics;

/// <summary>
/// One case (at least) per binding and checking diagnostic: the policy with the expected span marked by <c>[ ]</c>
/// and the expected code. Hosts are named models so the cases need no inventory files.
/// </summary>
public class SemanticDiagnosticTests
{
    public static readonly TheoryData<string, string> Cases = new()
    {
        // Binding (CP02xx).
        { "profile p = [nohost]", "CP0201" },
        { "profile p = baseline([nopool])", "CP0201" },
        { "profile p = {avx}\nvm \"x\" uses [q]", "CP0201" },
        { "host a is Haswell-v1\nhost [a] is IvyBridge-v1", "CP0202" },
        { "host a is Haswell-v1\nprofile [a] = {avx}", "CP0202" },
        { "profile p = {[avx3]}", "CP0203" },
        { "profile p = model(Haswell-v1) {\n  require [avx3]\n}", "CP0203" },
        { "profile p = model([Haswel])", "CP0204" },
        { "host a is [NoSuchCpu]", "CP0204" },
        { "host a from [\"no-such-inventory.xml\"]\nprofile p = a", "CP0207" },
        { "profile q = {fpu}\npool p = [q]", "CP0208" },
        { "profile p = {fpu}\ndefault uses p\ndefault uses p\nhost h is Haswell-v1\npool x = h\nvm \"a\" uses [x]", "CP0208" },
        { "profile p = {fpu}\ntarget [xenn]", "CP0209" },
        { "profile p = {fpu}\ntarget xen\ntarget [xen]", "CP0212" },
        { "profile p = {fpu}\ndefault uses p\n[default uses p]", "CP0213" },
        { "profile [a] = b\nprofile b = a", "CP0214" },
        { "host h is Haswell-v1\npool [a] = b, h\npool b = a", "CP0215" },

        // Checking (CP03xx).
        { "profile [p] = model(Haswell-v1) - {avx}", "CP0301" },
        { "profile p = model(Haswell-v1) {\n  require [avx512f]\n}", "CP0302" },
        { "profile p = model(Haswell-v1) {\n  forbid [avx2]\n}", "CP0303" },
        { "host a is EPYC-v1\nprofile p = baseline(a) {\n  vendor [intel]\n}", "CP0304" },
        { "host a is IvyBridge-v1\nprofile [p] = baseline(a) + {avx2}", "CP0305" },
        { "profile [p] = model(Haswell-v1) + {invtsc}", "CP0306" },
        { "profile p = {fpu}\nvm \"web-*\" uses p\n[vm \"web-01\" uses p]", "CP0307" },
        { "host a is Haswell-v1\nhost b is EPYC-v1\nprofile [p] = baseline(a, b)", "CP0308" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_expected_code_at_the_expected_span(string annotated, string code)
    {
        var input = AnnotatedText.Parse(annotated);
        var (offset, length) = Assert.Single(input.Spans);
        var result = PolicyCompilation.Compile(input.Text, "test.cpupolicy");
        var matching = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count > 0, $"expected {code}, got: {string.Join(" | ", result.Diagnostics)}");
        Assert.Contains(matching, d => d.Span.Offset == offset && d.Span.Length == length);
        Assert.All(result.Diagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Message)));
    }

    [Fact]
    public void Dependency_break_names_both_features_and_the_fix()
    {
        var result = PolicyCompilation.Compile("profile p = model(Haswell-v1) - {avx}", "t.cpupolicy");
        var d = result.Diagnostics.First(x => x.Code == "CP0301" && x.Message.Contains("`avx2`", StringComparison.Ordinal));
        Assert.Contains("`avx`", d.Message);
        Assert.NotNull(d.Hint);
        Assert.Contains("add `avx`", d.Hint);
        Assert.Contains("remove `avx2`", d.Hint);
    }

    [Fact]
    public void Unknown_feature_gets_a_did_you_mean()
    {
        var result = PolicyCompilation.Compile("profile p = {avx512fx}", "t.cpupolicy");
        var d = Assert.Single(result.Diagnostics, x => x.Code == "CP0203");
        Assert.Contains("`avx512f`", d.Hint);
    }

    [Fact]
    public void Include_cycles_and_unreadable_includes_are_reported_at_the_include()
    {
        var dir = Directory.CreateTempSubdirectory("cpupolicy-include-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.cpupolicy"), "include \"b.cpupolicy\"\nprofile p = {fpu}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "b.cpupolicy"), "include \"a.cpupolicy\"\ninclude \"missing.cpupolicy\"\n");
            var path = Path.Combine(dir.FullName, "a.cpupolicy");
            var result = PolicyCompilation.CompileFile(path);
            Assert.Contains(result.Diagnostics, d => d.Code == "CP0205" && d.Message.Contains("cycle", StringComparison.Ordinal));
            Assert.Contains(result.Diagnostics, d => d.Code == "CP0206" && d.Message.Contains("missing.cpupolicy", StringComparison.Ordinal));
            Assert.Empty(result.Profiles);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Includes_bring_their_declarations_in_and_paths_are_relative_to_the_including_file()
    {
        var dir = Directory.CreateTempSubdirectory("cpupolicy-include-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "common"));
            File.WriteAllText(Path.Combine(dir.FullName, "common", "hosts.cpupolicy"), "host h1 is Haswell-v1\nhost h2 is IvyBridge-v1\npool pool1 = h1, h2\n");
            File.WriteAllText(Path.Combine(dir.FullName, "main.cpupolicy"), "include \"common/hosts.cpupolicy\"\nprofile safe = baseline(pool1)\n");
            var result = PolicyCompilation.CompileFile(Path.Combine(dir.FullName, "main.cpupolicy"));
            Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
            var safe = Assert.Single(result.Profiles);
            Assert.Equal(["h1", "h2"], safe.Profile.Hosts);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("xen", "4.22.0", "of Xen 4.22.0")]
    [InlineData("libvirt", "11.3.0", "libvirt 11.3.0")]
    public void A_release_option_written_as_a_number_selects_that_release(string backend, string release, string marker)
    {
        var result = PolicyCompilation.Compile($"profile p = model(Haswell-v1)\ndefault uses p\ntarget {backend} {{ release {release} }}\n", "test.cpupolicy");
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Error);
        var artifact = Assert.Single(result.Profiles.Single().Artifacts);
        Assert.Contains(marker, artifact.Text);
    }

    [Fact]
    public void An_unknown_release_is_a_bad_option_value()
    {
        var result = PolicyCompilation.Compile("profile p = model(Haswell-v1)\ndefault uses p\ntarget xen { release 3.4.0 }\n", "test.cpupolicy");
        Assert.Contains(result.Diagnostics, d => d.Code == "CP0509" && d.Message.Contains("3.4.0"));
    }

    [Fact]
    public void Emission_never_runs_after_an_error()
    {
        var result = PolicyCompilation.Compile("profile p = model(Haswell-v1) - {avx}\nprofile q = {fpu}", "t.cpupolicy");
        Assert.True(result.HasErrors);
        Assert.Empty(result.Profiles);
        Assert.Null(result.Lowered);
    }

    [Fact]
    public void Severity_of_warnings_does_not_stop_compilation()
    {
        var result = PolicyCompilation.Compile("profile p = model(Haswell-v1) + {invtsc}", "t.cpupolicy");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Warning && d.Code == "CP0306");
        Assert.Single(result.Profiles);
    }
}
