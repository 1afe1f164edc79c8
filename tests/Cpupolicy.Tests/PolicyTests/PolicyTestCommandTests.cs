using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;
using Xunit;

namespace Cpupolicy.Tests.PolicyTests;

/// <summary><c>cpupolicy test</c> on the bundled examples' test files (all pass) and on a deliberately failing fixture.</summary>
public sealed class PolicyTestCommandTests
{
    private static string Example(string name) => Path.Combine(RepoData.RepoRoot, "policy", "examples", name);

    private static string Fixture(string name) => Path.Combine(RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "PolicyTests", "Fixtures", name);

    public static TheoryData<string> ExamplesWithTests() =>
        [.. Directory.GetFiles(Path.Combine(RepoData.RepoRoot, "policy", "examples"), "*.test.yaml").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ExamplesWithTests))]
    public void Bundled_example_tests_pass(string testFile)
    {
        var result = CliRunner.Run("--json", "test", Example(testFile[..^".test.yaml".Length] + ".cpupolicy"));
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.True(result.Json.GetProperty("ok").GetBoolean());
        Assert.Equal(0, result.Json.GetProperty("failed").GetInt32());
        Assert.True(result.Json.GetProperty("passed").GetInt32() >= 3);
    }

    [Fact]
    public void Failing_fixture_exits_1_and_explains_each_failure_with_every_spelling()
    {
        var result = CliRunner.Run("test", Fixture("broken-promise.cpupolicy"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("profile `hera-only` (VMs matching `build-*`) cannot move to host `zeus`", result.Stdout, StringComparison.Ordinal);
        // A missing feature is shown in every backend's spelling: Xen's page1gb is QEMU's and libvirt's pdpe1gb.
        Assert.Contains("pdpe1gb (CPUID.(EAX=80000001H,ECX=0):EDX[26]): xen page1gb, qemu pdpe1gb, libvirt pdpe1gb, linux pdpe1gb", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("profile `pool-baseline` lacks avx2", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("profile `hera-only` has fma, which the test says it must lack", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("adding host `hermes` changes profile `fast-baseline`: loses", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("5 assertions: 1 passed, 4 failed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lists_each_assertion_with_its_reasons_and_features()
    {
        var result = CliRunner.Run("--json", "test", Fixture("broken-promise.test.yaml"));
        Assert.Equal(1, result.ExitCode);
        var tests = result.Json.GetProperty("files")[0].GetProperty("tests");
        Assert.Equal(5, tests.GetArrayLength());
        var first = tests[0];
        Assert.False(first.GetProperty("passed").GetBoolean());
        Assert.Equal(3, first.GetProperty("line").GetInt32());
        Assert.Contains(first.GetProperty("features").EnumerateArray(), f => f.GetProperty("names").GetProperty("xen").GetString() == "page1gb");
        Assert.True(tests[4].GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void A_policy_without_a_test_file_is_an_error()
    {
        var result = CliRunner.Run("test", Example("proxmox-homelab.cpupolicy"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP1103", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_file_names_are_checked_against_the_policy()
    {
        using var ws = new Diagnostics.CaseWorkspace();
        var policy = Path.Combine(ws.Dir, "p.cpupolicy");
        File.Copy(Example("xcpng-homelab.cpupolicy"), policy);
        Directory.CreateSymbolicLink(Path.Combine(ws.Dir, "hosts"), Example("hosts"));
        File.WriteAllText(Path.Combine(ws.Dir, "p.test.yaml"), "tests:\n  - profile: pool-baselin\n    keeps: [avx]\n");
        var result = CliRunner.Run("test", policy);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP1102", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("`pool-baseline`", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deeply_nested_test_file_is_refused_without_recursion()
    {
        using var ws = new Diagnostics.CaseWorkspace();
        var policy = Path.Combine(ws.Dir, "p.cpupolicy");
        File.Copy(Example("xcpng-homelab.cpupolicy"), policy);
        Directory.CreateSymbolicLink(Path.Combine(ws.Dir, "hosts"), Example("hosts"));
        File.WriteAllText(Path.Combine(ws.Dir, "p.test.yaml"), "tests: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        var result = CliRunner.Run("test", policy);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP1100", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nests more than 16 levels", result.Stderr, StringComparison.Ordinal);
    }
}
