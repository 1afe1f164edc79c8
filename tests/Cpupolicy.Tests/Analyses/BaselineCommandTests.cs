using Cpupolicy.Compiler.Backends;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Analyses;

/// <summary><c>cpupolicy baseline</c> from the command line: the JSON contract, model names, artifacts, mixed vendors.</summary>
public class BaselineCommandTests
{
    private static string Host(string cpu) => Path.Combine(Examples.Folder, "hosts", $"x86_64-cpuid-{cpu}.xml");

    [Fact]
    public void Cascade_lake_and_a_newer_host_baseline_to_cascadelake_server_with_every_artifact()
    {
        var result = CliRunner.Run("baseline", Host("Xeon-Platinum-9242"), Host("Ice-Lake-Server"), "--catalog", "libvirt-9.0.0", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var json = result.Json;
        Assert.Equal("Cascadelake-Server", json.GetProperty("model_name").GetString());
        Assert.Equal("libvirt-9.0.0", json.GetProperty("catalog").GetString());
        Assert.Equal("GenuineIntel", json.GetProperty("vendor").GetString());
        Assert.False(json.GetProperty("mixed_vendors").GetBoolean());
        Assert.Equal(2, json.GetProperty("hosts").GetArrayLength());

        var features = json.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("avx512vnni", features);
        Assert.DoesNotContain("vmx", features);
        Assert.DoesNotContain("gfni", features);
        Assert.All(json.GetProperty("features").EnumerateArray(), f => Assert.True(f.TryGetProperty("names", out _)));
        Assert.Contains("vmx", json.GetProperty("max_only").EnumerateArray().Select(n => n.GetString()));

        var models = json.GetProperty("models");
        Assert.Equal("Cascadelake-Server", models.GetProperty("libvirt-11.3.0").GetProperty("model_name").GetString());
        Assert.Equal(0, models.GetProperty("qemu-7.2").GetProperty("missing").GetArrayLength());

        var artifacts = json.GetProperty("artifacts");
        foreach (var backend in BackendRegistry.Default.Names)
        {
            Assert.False(string.IsNullOrEmpty(artifacts.GetProperty(backend).GetString()), $"no {backend} artifact");
        }
    }

    [Fact]
    public void Targets_narrow_the_artifacts_and_an_unknown_target_is_a_usage_error()
    {
        var result = CliRunner.Run("baseline", Host("Xeon-Gold-6148"), Host("Xeon-Gold-6130"), "--target", "qemu", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var artifacts = result.Json.GetProperty("artifacts").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["qemu"], artifacts);
        Assert.StartsWith("-cpu ", result.Json.GetProperty("artifacts").GetProperty("qemu").GetString(), StringComparison.Ordinal);

        Assert.Equal(2, CliRunner.Run("baseline", Host("Xeon-Gold-6148"), "--target", "vmware").ExitCode);
    }

    [Fact]
    public void Mixed_vendors_get_the_common_features_and_a_statement()
    {
        var result = CliRunner.Run("baseline", Host("Xeon-Gold-6148"), Host("EPYC-7601-32-Core"), "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.True(json.GetProperty("mixed_vendors").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("vendor").ValueKind);
        Assert.Contains("not possible under Xen/XAPI", json.GetProperty("cross_vendor").GetString(), StringComparison.Ordinal);
        Assert.Contains("CP0805", result.Stderr, StringComparison.Ordinal);
        var features = json.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("avx2", features);
        Assert.DoesNotContain("avx512f", features);

        // Only vendor-neutral models can name a cross-vendor baseline.
        var text = CliRunner.Run("baseline", Host("Xeon-Gold-6148"), Host("EPYC-7601-32-Core"));
        Assert.Contains("not possible under Xen/XAPI", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void One_host_baselines_to_its_own_host_model()
    {
        var raw = RepoData.LibvirtTestData;
        var result = CliRunner.Run("baseline", Path.Combine(raw, "x86_64-cpuid-Core-i7-3770.xml"), "--catalog", "libvirt-9.0.0", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("IvyBridge", result.Json.GetProperty("model_name").GetString());
    }
}
