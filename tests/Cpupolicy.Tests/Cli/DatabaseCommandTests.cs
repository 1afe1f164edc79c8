using System.Text.Json;

namespace Cpupolicy.Tests.Cli;

/// <summary>`features --json` and `models --json` follow the JSON shapes of the CLI spec.</summary>
public class DatabaseCommandTests
{
    [Fact]
    public void Features_json_lists_every_feature_in_the_spec_shape()
    {
        var result = CliRunner.Run("features", "--json");
        Assert.Equal(0, result.ExitCode);
        var features = result.Json.GetProperty("features").EnumerateArray().ToList();
        Assert.True(features.Count > 300, $"only {features.Count} features");
        foreach (var f in features)
        {
            Assert.Equal(JsonValueKind.String, f.GetProperty("name").ValueKind);
            Assert.Equal(JsonValueKind.Number, f.GetProperty("bit").ValueKind);
            var names = f.GetProperty("names");
            foreach (var backend in new[] { "xen", "qemu", "libvirt", "linux" })
            {
                Assert.True(names.TryGetProperty(backend, out var spelling), $"{f}: names.{backend} missing");
                Assert.True(spelling.ValueKind is JsonValueKind.String or JsonValueKind.Null);
            }

            if (f.TryGetProperty("msr", out var msr))
            {
                Assert.Equal(JsonValueKind.Number, msr.ValueKind);
                Assert.False(f.TryGetProperty("register", out _));
            }
            else
            {
                Assert.Equal(JsonValueKind.Number, f.GetProperty("leaf").ValueKind);
                Assert.True(f.GetProperty("subleaf").ValueKind is JsonValueKind.Number or JsonValueKind.Null);
                Assert.Contains(f.GetProperty("register").GetString(), new[] { "eax", "ebx", "ecx", "edx" });
            }
        }
    }

    [Fact]
    public void Avx2_has_the_coordinates_and_spellings_of_the_spec_example()
    {
        var result = CliRunner.Run("features", "avx2", "--json");
        Assert.Equal(0, result.ExitCode);
        var avx2 = Assert.Single(result.Json.GetProperty("features").EnumerateArray());
        Assert.Equal("avx2", avx2.GetProperty("name").GetString());
        Assert.Equal(7, avx2.GetProperty("leaf").GetInt32());
        Assert.Equal(0, avx2.GetProperty("subleaf").GetInt32());
        Assert.Equal("ebx", avx2.GetProperty("register").GetString());
        Assert.Equal(5, avx2.GetProperty("bit").GetInt32());
        var names = avx2.GetProperty("names");
        Assert.Equal("avx2", names.GetProperty("xen").GetString());
        Assert.Equal("avx2", names.GetProperty("qemu").GetString());
        Assert.Equal("avx2", names.GetProperty("libvirt").GetString());
        Assert.Equal("avx2", names.GetProperty("linux").GetString());
    }

    [Fact]
    public void Leaf_without_subleaf_has_null_subleaf()
    {
        var result = CliRunner.Run("features", "sse4.1", "--json");
        var f = Assert.Single(result.Json.GetProperty("features").EnumerateArray());
        Assert.Equal(1, f.GetProperty("leaf").GetInt32());
        Assert.Equal(JsonValueKind.Null, f.GetProperty("subleaf").ValueKind);
        Assert.Equal("ecx", f.GetProperty("register").GetString());
        Assert.Equal(19, f.GetProperty("bit").GetInt32());
    }

    [Fact]
    public void Unknown_feature_is_an_input_error_with_a_suggestion()
    {
        var result = CliRunner.Run("features", "avx512fx");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP0006", result.Stderr);
        Assert.Contains("did you mean", result.Stderr);
        Assert.Contains("`avx512f`", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void Models_json_follows_the_spec_shape_and_covers_every_source()
    {
        var result = CliRunner.Run("models", "--json");
        Assert.Equal(0, result.ExitCode);
        var models = result.Json.GetProperty("models").EnumerateArray().ToList();
        foreach (var m in models)
        {
            Assert.Equal(JsonValueKind.String, m.GetProperty("name").ValueKind);
            Assert.Contains(m.GetProperty("source").GetString(), new[] { "qemu", "libvirt", "psabi" });
            Assert.True(m.GetProperty("vendor").ValueKind is JsonValueKind.String or JsonValueKind.Null);
            Assert.All(m.GetProperty("features").EnumerateArray(), f => Assert.Equal(JsonValueKind.String, f.ValueKind));
        }

        var sources = models.Select(m => m.GetProperty("source").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { "qemu", "libvirt", "psabi" }, sources);
        Assert.Contains(models, m => m.GetProperty("name").GetString() == "x86-64-v3");
        Assert.Contains(models, m => m.GetProperty("name").GetString() == "Cascadelake-Server-v4");
    }

    [Fact]
    public void Features_of_a_model_are_that_models_features()
    {
        var result = CliRunner.Run("features", "--model", "x86-64-v3", "--json");
        Assert.Equal(0, result.ExitCode);
        var names = result.Json.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("avx2", names);
        Assert.Contains("fma", names);
        Assert.DoesNotContain("avx512f", names);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        Assert.Equal(2, CliRunner.Run("models", "--no-such-option").ExitCode);
        Assert.Equal(2, CliRunner.Run("models", "--source", "nonsense").ExitCode);
        Assert.Equal(2, CliRunner.Run("no-such-command").ExitCode);
    }
}
