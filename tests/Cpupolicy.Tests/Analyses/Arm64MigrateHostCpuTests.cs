using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Backends.Qemu;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// <c>migrate --vm</c> with a <c>-cpu host</c> or <c>-cpu max</c> that either architecture's QEMU takes (a real
/// aarch64 KVM VM's <c>-cpu host</c>, <c>host,pmu=off</c>), or a host-passthrough <c>&lt;cpu&gt;</c> that states no
/// architecture: it is the CPU of the host it runs on, so it is read for the architecture of <c>--to</c> and
/// <c>--from</c> (issue 16's leftover: it used to fall to the x86 reading between aarch64 hosts).
/// </summary>
public sealed class Arm64MigrateHostCpuTests : IDisposable
{
    private static readonly string[] PlainForms = ["-cpu host", "host", "host,pmu=off", "-cpu host,pmu=off", "-cpu max", "max", "max,pmu=on"];

    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("cpupolicy-arm64-migrate-host-cpu-");

    private static string Kunpeng => Path.Combine(Examples.Folder, "hosts", "aarch64-kunpeng-920-tsv110.cpuinfo");

    private static string Hip09 => Path.Combine(Examples.Folder, "hosts", "aarch64-kunpeng-920-hip09.modelled.cpuinfo");

    private static string NeoverseN1 => Sample("neoverse-n1-ampere-altra.cpuinfo");

    private static string X86 => Path.Combine(RepoData.RepoRoot, "data", "samples", "spr-vm.proc-cpuinfo.txt");

    private static string X86Capabilities => Path.Combine(Examples.Folder, "hosts", "x86_64-cpuid-Xeon-Gold-6148.xml");

    private static IReadOnlyList<string> Arm64Hosts =>
    [
        Kunpeng, Hip09, NeoverseN1, Sample("neoverse-v1-graviton3.cpuinfo"), Sample("kunpeng-920-taishan-2280.cpuinfo"),
    ];

    public static TheoryData<string> Forms() => [.. PlainForms];

    private static string Sample(string name) => Path.Combine(RepoData.RepoRoot, "data", "samples", "aarch64", name);

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_plain_host_cpu_between_aarch64_hosts_gets_the_aarch64_verdict(string vm)
    {
        // Kunpeng 920 to Neoverse N1: the hwcaps N1 lacks, by name (and the one-way rule: neither is older).
        var toN1 = CliRunner.Run("migrate", "--vm", vm, "--from", Kunpeng, "--to", NeoverseN1, "--json");
        Assert.True(toN1.ExitCode == 3, toN1.Stderr + toN1.Stdout);
        Assert.Equal("aarch64", toN1.Json.GetProperty("arch").GetString());
        Assert.Equal("qemu", toN1.Json.GetProperty("vm").GetProperty("kind").GetString());
        Assert.Equal(["asimdfhm", "fcma", "jscvt"], MissingNames(toN1));
        Assert.Equal("neither", toN1.Json.GetProperty("direction").GetString());

        // The newer Kunpeng generation to the older: richer to poorer, exit 3 naming what the older lacks.
        var down = CliRunner.Run("migrate", "--vm", vm, "--from", Hip09, "--to", Kunpeng, "--json");
        Assert.True(down.ExitCode == 3, down.Stderr + down.Stdout);
        Assert.Contains("i8mm", MissingNames(down));
        Assert.Contains("sve", MissingNames(down));
        Assert.Equal("newer-to-older", down.Json.GetProperty("direction").GetString());

        // Poorer to richer: the older generation's whole set fits the newer one, and the one-way rule allows it.
        var up = CliRunner.Run("migrate", "--vm", vm, "--from", Kunpeng, "--to", Hip09, "--json");
        Assert.True(up.ExitCode == 0, up.Stderr + up.Stdout);
        Assert.Empty(MissingNames(up));
        Assert.Equal("older-to-newer", up.Json.GetProperty("direction").GetString());
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_plain_host_cpu_to_an_aarch64_host_without_the_boot_host_is_CP1030(string vm)
    {
        var result = CliRunner.Run("migrate", "--vm", vm, "--to", Kunpeng);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP1030", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"`{vm}`", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"`--to {Kunpeng}` is an aarch64 host", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void The_same_strings_between_x86_hosts_get_the_x86_reading_as_before(string vm)
    {
        foreach (var (from, to) in new[] { ((string?)X86, X86), (null, X86), (X86Capabilities, X86) })
        {
            Assert.Equal(X86Path(vm, from, to), Summary(() => MigrationService.Run(new MigrationRequest { Vm = vm, From = from, To = to })));
        }
    }

    [Fact]
    public void A_host_passthrough_cpu_without_an_architecture_follows_its_hosts()
    {
        var bare = Write("hp.xml", "<cpu mode='host-passthrough' check='none'/>");
        var noSve = Write("hp-nosve.xml", "<cpu mode='host-passthrough'><feature policy='disable' name='sve'/></cpu>");
        var domain = Write("domain.xml", "<domain type='kvm'><name>vm</name><features><pmu state='off'/></features><cpu mode='maximum'/></domain>");
        foreach (var vm in new[] { bare, noSve, domain })
        {
            var down = CliRunner.Run("migrate", "--vm", vm, "--from", Hip09, "--to", Kunpeng, "--json");
            Assert.True(down.ExitCode == 3, down.Stderr + down.Stdout);
            Assert.Equal("libvirt", down.Json.GetProperty("vm").GetProperty("kind").GetString());
            Assert.Contains("i8mm", MissingNames(down));
            Assert.Equal(vm != noSve, MissingNames(down).Contains("sve"));

            var up = CliRunner.Run("migrate", "--vm", vm, "--from", Kunpeng, "--to", Hip09);
            Assert.True(up.ExitCode == 0, up.Stderr + up.Stdout);
            Assert.Contains("(libvirt, aarch64)", up.Stdout, StringComparison.Ordinal);

            var noBoot = CliRunner.Run("migrate", "--vm", vm, "--to", Kunpeng);
            Assert.Equal(1, noBoot.ExitCode);
            Assert.Contains("CP1030", noBoot.Stderr, StringComparison.Ordinal);
        }

        // Between x86 hosts it is x86's host-passthrough, as before: the boot host's CPU, which fits itself.
        var x86 = MigrationService.Run(new MigrationRequest { Vm = bare, From = X86, To = X86 });
        Assert.True(Assert.IsType<MigrationOutcome.X86>(x86).Compatible);
    }

    [Theory]
    [InlineData("-cpu host,+avx2", "+avx2")]
    [InlineData("host,-x2apic", "-x2apic")]
    [InlineData("host,pmu=off,avx2=on", "avx2=on")]
    [InlineData("host,vendor=GenuineIntel", "vendor=GenuineIntel")]
    [InlineData("-cpu max,model-id=Xeon", "model-id=Xeon")]
    public void An_x86_only_property_against_an_aarch64_host_is_CP1035_naming_it(string vm, string token)
    {
        foreach (var args in new[] { new[] { "--from", Kunpeng, "--to", Hip09 }, ["--to", Kunpeng], ["--from", Kunpeng, "--to", X86], ["--from", X86, "--to", Kunpeng] })
        {
            var result = CliRunner.Run(["migrate", "--vm", vm, .. args]);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("CP1035", result.Stderr, StringComparison.Ordinal);
            Assert.Contains($"`{token}`", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("is an aarch64 host", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }

        var libvirt = CliRunner.Run("migrate", "--vm", Write("avx.xml", "<cpu mode='host-passthrough'><feature policy='require' name='avx2'/></cpu>"), "--from", Kunpeng, "--to", Hip09);
        Assert.Equal(1, libvirt.ExitCode);
        Assert.Contains("CP1035", libvirt.Stderr, StringComparison.Ordinal);
        Assert.Contains("`<feature name='avx2'>`", libvirt.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_host_cpu_between_an_aarch64_and_an_x86_host_is_CP1036_naming_both()
    {
        foreach (var vm in new[] { "-cpu host", "host,pmu=off", Write("hp.xml", "<cpu mode='host-passthrough'/>") })
        {
            foreach (var (from, to) in new[] { (X86, Kunpeng), (Kunpeng, X86), (X86Capabilities, NeoverseN1) })
            {
                var result = CliRunner.Run("migrate", "--vm", vm, "--from", from, "--to", to);
                var what = $"{vm} from {from} to {to}: {result.Stderr}";
                Assert.True(result.ExitCode == 1, what);
                Assert.Contains("CP1036", result.Stderr, StringComparison.Ordinal);
                Assert.Contains($"`--from {from}` is {(from == Kunpeng ? "aarch64" : "x86")}", result.Stderr, StringComparison.Ordinal);
                Assert.Contains($"`--to {to}` is {(from == Kunpeng ? "x86" : "aarch64")}", result.Stderr, StringComparison.Ordinal);
            }
        }

        // An aarch64-only property makes it aarch64 whatever the hosts: to an x86 host it is incompatible across architectures, as before.
        var arm = CliRunner.Run("migrate", "--vm", "-cpu host,sve=off", "--from", Kunpeng, "--to", X86, "--json");
        Assert.Equal(3, arm.ExitCode);
    }

    /// <summary>
    /// For all plain forms (host or max, with or without <c>-cpu</c>, with properties both architectures take) and all
    /// pairs of real aarch64 hosts: the verdict is that of the explicit aarch64 spelling (<c>...,aarch64=on</c>,
    /// which QEMU's aarch64 CPUs take and x86's do not), field for field.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property A_plain_host_cpu_reads_as_its_explicit_aarch64_spelling() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue - 1)), seed =>
        {
            var random = new Random(seed);
            var model = random.Next(2) == 0 ? "host" : "max";
            var properties = new[] { "pmu=on", "pmu=off", "kvm-steal-time=on", "kvm-no-adjvtime=off" }.Where(_ => random.Next(3) == 0).Take(2).ToList();
            var value = string.Join(",", new[] { model }.Concat(properties));
            var prefix = random.Next(2) == 0 ? "-cpu " : string.Empty;
            var from = Arm64Hosts[random.Next(Arm64Hosts.Count)];
            var to = Arm64Hosts[random.Next(Arm64Hosts.Count)];
            var plain = Verdict(prefix + value, from, to);
            var spelled = Verdict(prefix + value + ",aarch64=on", from, to);
            Assert.Equal(spelled.VmFeatures, plain.VmFeatures);
            Assert.Equal(spelled.Compatible, plain.Compatible);
            Assert.Equal(spelled.Missing.Select(f => f.Name), plain.Missing.Select(f => f.Name));
            Assert.Equal(spelled.Direction, plain.Direction);
            Assert.Equal(spelled.Pmu, plain.Pmu);
            Assert.Equal(spelled.Blockers.Select(d => d.Code), plain.Blockers.Select(d => d.Code));
            Assert.Equal(spelled.Warnings.Select(d => d.Code), plain.Warnings.Select(d => d.Code));

            // A host-passthrough or maximum <cpu> alone reads as the aarch64 domain around it.
            var mode = model == "host" ? "host-passthrough" : "maximum";
            var cpu = Write($"cpu{seed}.xml", $"<cpu mode='{mode}'/>");
            var domain = Write($"domain{seed}.xml", $"<domain><os><type arch='aarch64' machine='virt'>hvm</type></os><cpu mode='{mode}'/></domain>");
            Assert.Equal(Verdict(domain, from, to).VmFeatures, Verdict(cpu, from, to).VmFeatures);
            return true;
        });

    /// <summary>
    /// For all x86 QEMU feature names (as <c>+f</c>, <c>-f</c> or <c>f=on</c>) that the aarch64 decoder does not
    /// know: a plain <c>-cpu host</c> carrying one is refused against aarch64 hosts with CP1035 naming it.
    /// </summary>
    [Property(MaxTest = 80)]
    public Property Every_x86_feature_property_against_an_aarch64_host_is_CP1035() =>
        Prop.ForAll(Arb.From(Gen.Elements(X86FeatureNames())), Arb.From(Gen.Elements("+{0}", "-{0}", "{0}=on")), (name, form) =>
        {
            var token = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, name);
            var e = Assert.Throws<DiagnosticException>(() => MigrationService.Run(new MigrationRequest { Vm = $"-cpu host,{token}", From = Kunpeng, To = Hip09 }));
            Assert.Equal("CP1035", e.Diagnostic.Code);
            Assert.Contains($"`{token}`", e.Diagnostic.Message, StringComparison.Ordinal);
            return true;
        });

    public void Dispose() => temp.Delete(recursive: true);

    /// <summary>x86 QEMU's feature names, but those aarch64's <c>-cpu host</c> takes too (<c>kvm-steal-time</c>) or that name aarch64 (<c>sme</c>...).</summary>
    private static string[] X86FeatureNames() =>
        new QemuVocabulary(FeatureDatabase.Default).Names
            .Where(n => !n.StartsWith("sve", StringComparison.Ordinal) && !n.StartsWith("sme", StringComparison.Ordinal) && !n.StartsWith("pauth", StringComparison.Ordinal)
                && n is not ("lpa2" or "aarch64" or "pmu" or "kvm-steal-time" or "kvm-no-adjvtime"))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static Arm64MigrationVerdict Verdict(string vm, string from, string to) =>
        Assert.IsType<MigrationOutcome.Aarch64>(MigrationService.Run(new MigrationRequest { Vm = vm, From = from, To = to })).Verdict;

    private static List<string?> MissingNames(CliResult result) =>
        result.Json.GetProperty("missing").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();

    /// <summary>What the x86 path alone (reader, host lookup, check) answers: a verdict or the diagnostic code it refuses with.</summary>
    private static string X86Path(string vm, string? from, string to) => Summary(() =>
    {
        var cpu = VmCpuReader.Read(vm, null);
        var toHost = HostLookup.Resolve(to, "--to", null);
        var fromHost = from is null ? null : HostLookup.Resolve(from, "--from", null);
        return new MigrationOutcome.X86(cpu, fromHost, toHost, MigrationCheck.Check(cpu, fromHost, toHost));
    });

    private static string Summary(Func<MigrationOutcome> run)
    {
        try
        {
            var outcome = Assert.IsType<MigrationOutcome.X86>(run());
            return $"{outcome.Verdict.Status} missing {outcome.Verdict.Missing.Count} arch {outcome.Verdict.ArchMismatch}";
        }
        catch (DiagnosticException e)
        {
            return $"{e.Diagnostic.Code}: {e.Diagnostic.Message}";
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(temp.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
