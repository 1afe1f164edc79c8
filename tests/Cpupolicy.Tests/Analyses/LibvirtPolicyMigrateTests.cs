using System.Text.Json;
using System.Text.RegularExpressions;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// Issue 23: libvirt's <c>forbid</c>, <c>match='strict'</c> and <c>optional</c> in <c>migrate</c>, on real CPUs of
/// shared/cpu-data (raw CPUID dumps of libvirt 11.3.0's cputestdata), not only on cputest.c's hand-written hosts.
/// </summary>
public class LibvirtPolicyMigrateTests
{
    private const string SkylakeForbiddingAvx512 =
        "<cpu mode='custom' match='exact'><model fallback='forbid'>Skylake-Client</model><feature policy='forbid' name='avx512f'/></cpu>";

    private const string SkylakeWithOptionalAvx512 =
        "<cpu mode='custom' match='exact' check='full'><model fallback='forbid'>Skylake-Client</model><feature policy='optional' name='avx512f'/></cpu>";

    [SkippableFact]
    public void Forbid_makes_the_host_that_has_the_feature_incompatible_and_names_it()
    {
        // Skylake-SP has every feature of Skylake-Client and avx512f; the client Skylake lacks avx512f.
        var server = Cpu("Xeon-Gold-6130");
        var blocked = CliRunner.Run("migrate", "--vm", SkylakeForbiddingAvx512, "--to", server, "--json");
        Assert.True(blocked.ExitCode == 3, blocked.Stderr + blocked.Stdout);
        var json = blocked.Json;
        Assert.Equal("incompatible", json.GetProperty("verdict").GetString());
        Assert.Empty(json.GetProperty("missing").EnumerateArray());
        Assert.Equal(["avx512f"], Names(json.GetProperty("forbidden")));
        Assert.Equal("incompatible", json.GetProperty("libvirt").GetProperty("result").GetString());
        Assert.False(json.GetProperty("differs_from_libvirt").GetBoolean());

        var human = CliRunner.Run("migrate", "--vm", SkylakeForbiddingAvx512, "--to", server);
        Assert.Contains("forbid:   the host has avx512f", human.Stdout, StringComparison.Ordinal);

        var client = CliRunner.Run("migrate", "--vm", SkylakeForbiddingAvx512, "--to", Cpu("Core-i5-6600"), "--json");
        Assert.True(client.ExitCode == 0, client.Stderr + client.Stdout);
        Assert.Empty(client.Json.GetProperty("forbidden").EnumerateArray());
    }

    [SkippableFact]
    public void Strict_makes_a_host_with_features_beyond_the_guests_incompatible_and_names_them()
    {
        // The guest CPU is exactly what libvirt 9.0.0 decodes for the Core i5-6600 (its -host.xml, as a strict guest).
        var decoded = File.ReadAllText(RepoData.Require("libvirt-9.0.0/cputestdata/x86_64-cpuid-Core-i5-6600-host.xml"));
        var strict = Regex.Replace(decoded.Replace("<cpu>", "<cpu mode='custom' match='strict'>", StringComparison.Ordinal), @"\s*<(arch>[^<]*</arch|signature[^>]*/)>", string.Empty);

        var same = CliRunner.Run("migrate", "--vm", strict, "--to", Cpu("Core-i5-6600"), "--json");
        Assert.True(same.ExitCode == 0, same.Stderr + same.Stdout);
        Assert.Equal("identical", same.Json.GetProperty("libvirt").GetProperty("result").GetString());

        // The Xeon E3-1245 v5 is the same Skylake with SGX: one extra feature, nothing missing.
        var more = CliRunner.Run("migrate", "--vm", strict, "--to", Cpu("Xeon-E3-1245-v5"), "--json");
        Assert.True(more.ExitCode == 3, more.Stderr + more.Stdout);
        Assert.Empty(more.Json.GetProperty("missing").EnumerateArray());
        Assert.Equal(["sgx"], Names(more.Json.GetProperty("strict_extra")));
        var human = CliRunner.Run("migrate", "--vm", strict, "--to", Cpu("Xeon-E3-1245-v5"));
        Assert.Contains("strict:   match='strict' and the host has sgx", human.Stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Optional_is_resolved_from_the_boot_host_and_otherwise_depends_on_it()
    {
        var server = Cpu("Xeon-Gold-6130");
        var client = Cpu("Core-i5-6600");

        // Booted on Skylake-SP the guest got avx512f, which the client Skylake lacks: libvirt's comparison would let it
        // through (it does not check optional features), so the verdict says it differs on purpose. (Features libvirt
        // cannot name, such as flush-l1d, follow the boot host's defaults and may be missing too.)
        var fromServer = CliRunner.Run("migrate", "--vm", SkylakeWithOptionalAvx512, "--to", client, "--from", server, "--json");
        Assert.True(fromServer.ExitCode == 3, fromServer.Stderr + fromServer.Stdout);
        Assert.Contains("avx512f", Names(fromServer.Json.GetProperty("missing")));
        Assert.True(fromServer.Json.GetProperty("differs_from_libvirt").GetBoolean());
        Assert.Contains("optional", fromServer.Json.GetProperty("differs_reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("full", fromServer.Json.GetProperty("libvirt").GetProperty("check").GetString());

        // Booted on the client it never had avx512f.
        var fromClient = CliRunner.Run("migrate", "--vm", SkylakeWithOptionalAvx512, "--to", client, "--from", client, "--json");
        Assert.True(fromClient.ExitCode == 0, fromClient.Stderr + fromClient.Stdout);

        // Without --from: not an error (no CP0505), but "depends on the boot host", naming the feature.
        var unknown = CliRunner.Run("migrate", "--vm", SkylakeWithOptionalAvx512, "--to", client, "--json");
        Assert.True(unknown.ExitCode == 3, unknown.Stderr + unknown.Stdout);
        Assert.DoesNotContain("CP0505", unknown.Stderr, StringComparison.Ordinal);
        Assert.False(unknown.Json.GetProperty("compatible").GetBoolean());
        Assert.Equal("depends-on-boot-host", unknown.Json.GetProperty("verdict").GetString());
        Assert.Equal(["avx512f"], Names(unknown.Json.GetProperty("depends_on_boot_host")));

        // A destination that has the optional feature takes the VM wherever it booted.
        var toServer = CliRunner.Run("migrate", "--vm", SkylakeWithOptionalAvx512, "--to", server, "--json");
        Assert.True(toServer.ExitCode == 0, toServer.Stderr + toServer.Stdout);
        Assert.Equal("compatible", toServer.Json.GetProperty("verdict").GetString());
    }

    [SkippableFact]
    public void A_host_of_another_architecture_is_incompatible_not_an_input_error()
    {
        var ia64 = RepoData.Require("libvirt-11.3.0/cputestdata/x86_64-host-incomp-arch.xml");
        var toForeign = CliRunner.Run("migrate", "--vm", SkylakeForbiddingAvx512, "--to", ia64, "--json");
        Assert.True(toForeign.ExitCode == 3, toForeign.Stderr + toForeign.Stdout);
        Assert.Contains("ia64", toForeign.Json.GetProperty("arch_mismatch").GetString(), StringComparison.Ordinal);

        var fromForeign = CliRunner.Run("migrate", "--vm", ia64, "--to", Cpu("Core-i5-6600"));
        Assert.True(fromForeign.ExitCode == 3, fromForeign.Stderr + fromForeign.Stdout);
        Assert.Contains("arch:     the VM's CPU is ia64", fromForeign.Stdout, StringComparison.Ordinal);

        // Elsewhere (baseline, policies) a non-x86 CPU is still refused as input.
        var baseline = CliRunner.Run("baseline", ia64);
        Assert.Equal(1, baseline.ExitCode);
    }

    private static string Cpu(string name) => RepoData.Require($"libvirt-11.3.0/cputestdata/x86_64-cpuid-{name}.xml");

    private static string[] Names(JsonElement features) =>
        features.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToArray();
}
