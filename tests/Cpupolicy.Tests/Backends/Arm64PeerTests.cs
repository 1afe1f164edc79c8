using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// The real <c>qemu-system-aarch64</c> (Debian's qemu-system-arm, 7.2) accepts every upstream aarch64 artifact, and
/// libvirt 9.0.0 turns every aarch64 libvirt artifact into a QEMU command line that QEMU accepts. QEMU is started
/// paused (<c>-S</c>) with QMP on stdin and told to quit: it parses and realises the CPU, so an unknown property or
/// value makes it exit non-zero. <c>-cpu host</c> needs KVM, which a TCG machine does not have: its properties are
/// checked on <c>max</c>, which has them all (sve, pmu). openEuler's SYSREG properties exist only in openEuler's QEMU
/// (see <see cref="OpenEulerSysregTests"/>).
/// </summary>
public partial class Arm64PeerTests
{
    private static IEnumerable<ProfileIr> Profiles() =>
        Enumerable.Range(0, 12).Select(i => Arm64TestProfiles.Make(1000 + i, i % 3 == 0 ? 0 : 1, (i % 4) / 3.0));

    [SkippableFact]
    public void Qemu_system_aarch64_accepts_every_upstream_artifact()
    {
        var qemu = Peers.RequireExecutable("qemu-system-aarch64");
        var backend = TestTargets.Backend("qemu");
        var problems = new List<string>();
        var checkedCount = 0;
        foreach (var profile in Profiles())
        {
            foreach (var options in Arm64BackendLawTests.Variants("qemu").Where(o => o.Get("release", "7.2") != "openeuler-8.2"))
            {
                string artifact;
                try
                {
                    artifact = backend.Emit(profile, options);
                }
                catch (DiagnosticException e) when (e.Diagnostic.Code == "CP1008")
                {
                    continue;
                }

                var cpu = artifact.Trim()["-cpu ".Length..];
                var tcg = cpu.StartsWith("host", StringComparison.Ordinal) ? "max" + cpu["host".Length..] : cpu;
                var (code, stderr) = RunQemu(qemu, "-cpu", tcg);
                checkedCount++;
                if (code != 0)
                {
                    problems.Add($"{profile.Name}: -cpu {tcg}: {stderr.Trim()}");
                }
            }
        }

        Assert.True(checkedCount >= 12, $"only {checkedCount} artifacts were emitted");
        Assert.Empty(problems);
    }

    [SkippableFact]
    public void Qemu_rejects_the_forms_cpupolicy_never_writes()
    {
        var qemu = Peers.RequireExecutable("qemu-system-aarch64");
        Assert.NotEqual(0, RunQemu(qemu, "-cpu", "max,-sve").Code);
        Assert.NotEqual(0, RunQemu(qemu, "-cpu", "max,SYSREG_ID_AA64ISAR0_EL1_DP=0x0").Code);
        Assert.Equal(0, RunQemu(qemu, "-cpu", "max,sve=off,pmu=off,pauth=off,sme=off").Code);
    }

    [SkippableFact]
    public void Libvirt_turns_each_aarch64_artifact_into_a_command_line_qemu_accepts()
    {
        var qemu = Peers.RequireExecutable("qemu-system-aarch64");
        var daemon = LibvirtSessionDaemon.Get();
        var backend = TestTargets.Backend("libvirt");
        var problems = new List<string>();
        var checkedCount = 0;
        foreach (var profile in Profiles())
        {
            foreach (var options in Arm64BackendLawTests.Variants("libvirt").Where(o => o.Get("qemu-release", "7.2") != "openeuler-8.2"))
            {
                string artifact;
                try
                {
                    artifact = backend.Emit(profile, options);
                }
                catch (DiagnosticException e) when (e.Diagnostic.Code == "CP1008")
                {
                    continue;
                }

                var domain = Merge(artifact);
                string argv;
                try
                {
                    argv = daemon.DomxmlToNative(domain);
                }
                catch (InvalidOperationException e)
                {
                    problems.Add($"{profile.Name}: {e.Message[..Math.Min(e.Message.Length, 300)]}");
                    continue;
                }

                var cpu = CpuFlag().Match(argv).Groups[1].Value;
                Assert.False(string.IsNullOrEmpty(cpu), argv);
                var tcg = cpu.StartsWith("host", StringComparison.Ordinal) ? "max" + cpu["host".Length..] : cpu;
                var globals = GlobalFlag().Matches(argv).Select(m => m.Groups[1].Value.Replace("host-arm-cpu.", "max-arm-cpu.", StringComparison.Ordinal))
                    .SelectMany(g => new[] { "-global", g });
                var (code, stderr) = RunQemu(qemu, ["-cpu", tcg, .. globals]);
                checkedCount++;
                if (code != 0)
                {
                    problems.Add($"{profile.Name}: libvirt's -cpu {cpu}: {stderr.Trim()}\n{argv}");
                }
            }
        }

        Assert.True(checkedCount >= 4, $"only {checkedCount} artifacts were checked"); // most hosted profiles are CP1008 under upstream QEMU
        Assert.True(problems.Count == 0, string.Join("\n---\n", problems));
    }

    /// <summary>
    /// A whole TCG domain with the artifact's children (features, cpu, qemu:commandline) merged in. libvirt refuses
    /// `host-passthrough` for an aarch64 domain without KVM ("not supported by hypervisor" on this x86 machine), so a
    /// `host-passthrough` cpu is checked as `maximum`, its TCG counterpart, as the QEMU test checks `host` as `max`.
    /// </summary>
    private static string Merge(string artifact)
    {
        var fragment = XDocument.Parse(artifact).Root!;
        foreach (var cpu in fragment.DescendantsAndSelf("cpu").Where(c => (string?)c.Attribute("mode") == "host-passthrough"))
        {
            cpu.SetAttributeValue("mode", "maximum");
        }

        XNamespace q = Arm64LibvirtCpu.QemuNamespace;
        var domain = new XElement(
            "domain",
            new XAttribute("type", "qemu"),
            new XAttribute(XNamespace.Xmlns + "qemu", Arm64LibvirtCpu.QemuNamespace),
            new XElement("name", "cpupolicy-arm"),
            new XElement("memory", new XAttribute("unit", "MiB"), 64),
            new XElement("os", new XElement("type", new XAttribute("arch", "aarch64"), new XAttribute("machine", "virt"), "hvm")),
            fragment.Elements().Where(e => e.Name.LocalName != "os"));
        return domain.ToString();
    }

    private static (int Code, string Stderr) RunQemu(string qemu, params string[] args)
    {
        var info = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "-M", "virt", "-display", "none", "-S", "-nodefaults", "-monitor", "none", "-serial", "none", "-qmp", "stdio" }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        try
        {
            // Straight to the pipe, so that nothing stays buffered in the writer for Dispose to flush into a closed pipe.
            process.StandardInput.BaseStream.Write("{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"quit\"}\n"u8);
            process.StandardInput.BaseStream.Flush();
        }
        catch (IOException)
        {
            // QEMU refused the command line and exited before reading QMP (broken pipe): its exit code says so.
        }

        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }

        return (process.ExitCode, stderr.Result);
    }

    [GeneratedRegex(@"-cpu\s+(\S+)")]
    private static partial Regex CpuFlag();

    [GeneratedRegex(@"-global\s+(\S+)")]
    private static partial Regex GlobalFlag();
}
