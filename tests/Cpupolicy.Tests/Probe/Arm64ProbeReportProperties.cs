using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace Cpupolicy.Tests.Probe;

/// <summary>
/// Issue 16's "probe --arch aarch64 reports, for any -cpu value QEMU 7.2 accepts, exactly the registers the guest
/// reads": for generated -cpu values (every AArch64 model of QEMU 7.2's <c>-cpu help</c> with the property sets each
/// takes), the CLI's <c>--json</c> report is compared with a second, independent path: the test boots the very image
/// the CLI wrote (<c>--write-image</c>) under its own QEMU command line and reads the guest's serial lines itself.
/// The report must hold exactly the registers the issue names (none dropped, none added) with exactly the values the
/// guest printed (none changed). <see cref="Arm64ProbePeerTests"/> checks the values themselves against QEMU's source.
/// </summary>
[Collection(ProbeCollection.Name)]
public partial class Arm64ProbeReportProperties
{
    /// <summary>The registers issue 16 asks the probe to report: MIDR, the ID registers, CNTFRQ_EL0.</summary>
    private static readonly string[] IssueRegisters =
    [
        "CNTFRQ_EL0", "ID_AA64DFR0_EL1", "ID_AA64ISAR0_EL1", "ID_AA64ISAR1_EL1", "ID_AA64ISAR2_EL1", "ID_AA64MMFR0_EL1",
        "ID_AA64MMFR1_EL1", "ID_AA64MMFR2_EL1", "ID_AA64PFR0_EL1", "ID_AA64PFR1_EL1", "ID_AA64SMFR0_EL1", "ID_AA64ZFR0_EL1", "MIDR_EL1",
    ];

    /// <summary>
    /// QEMU 7.2's AArch64-capable models (<c>qemu-system-aarch64 -M virt -cpu help</c> less the AArch32-only and M-profile
    /// ones) with the properties each accepts under TCG; <c>pauth-impdef</c> needs pauth, <c>sveNNN=on</c> needs sve.
    /// </summary>
    private static Gen<string> CpuValues()
    {
        var onOff = Gen.Elements("on", "off");
        var named =
            from model in Gen.Elements("cortex-a35", "cortex-a53", "cortex-a57", "cortex-a72", "cortex-a76", "neoverse-n1")
            from pmu in Gen.Elements<string?>(null, "pmu=on", "pmu=off")
            select Join(model, pmu);
        var a64fx =
            from sve in Gen.Elements<string?>(null, "sve=on", "sve=off")
            from pmu in Gen.Elements<string?>(null, "pmu=off")
            select Join("a64fx", sve, pmu);
        var max =
            from sve in onOff
            from vq in Gen.Elements<string?>(null, "sve128=on", "sve256=on", "sve512=on")
            from pauth in onOff
            from impdef in Gen.Elements(false, true)
            from pmu in Gen.Elements<string?>(null, "pmu=off")
            from sme in Gen.Elements<string?>(null, "sme=off")
            from lpa2 in Gen.Elements<string?>(null, "lpa2=off")
            select Join("max", $"sve={sve}", sve == "on" ? vq : null, $"pauth={pauth}", pauth == "on" && impdef ? "pauth-impdef=on" : null, pmu, sme, lpa2);
        return Gen.OneOf(named, a64fx, max, max);
    }

    /// <summary>
    /// An FsCheck property run by hand (10 cases, two boots of about 0.2 s each): a [Property] cannot skip, and
    /// without qemu-system-aarch64 this test must skip outside CI and fail in it, as every peer test does.
    /// </summary>
    [SkippableFact]
    public void The_json_report_is_exactly_what_the_guest_printed()
    {
        var qemu = Peers.RequireQemuAarch64();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10), Prop.ForAll(Arb.From(CpuValues()), cpu => ReportIsWhatTheGuestPrinted(qemu, cpu)));
    }

    private static void ReportIsWhatTheGuestPrinted(string qemu, string cpu)
    {
        var image = Path.Combine(Path.GetTempPath(), $"cpupolicy-armreport-{Guid.NewGuid():N}.img");
        try
        {
            var r = CliRunner.Run("probe", "--arch", "aarch64", "--accel", "tcg", "--qemu-cpu", cpu, "--write-image", image, "--json");
            Assert.True(r.ExitCode == 0, $"-cpu {cpu}: exit {r.ExitCode}\n{r.Stderr}");
            var reported = r.Json.GetProperty("registers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var printed = BootItself(qemu, cpu, image);

            Assert.Equal(IssueRegisters, reported.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(IssueRegisters, printed.Keys.Order(StringComparer.Ordinal));
            foreach (var name in IssueRegisters)
            {
                Assert.True(printed[name] == reported[name], $"-cpu {cpu}: {name} printed {printed[name]}, reported {reported[name]}");
            }
        }
        finally
        {
            File.Delete(image);
        }
    }

    /// <summary>The second path: QEMU started here, the serial's <c>NAME=0x&lt;16 hex&gt;</c> lines read here.</summary>
    private static Dictionary<string, string> BootItself(string qemu, string cpu, string image)
    {
        var info = new ProcessStartInfo(qemu) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "-M", "virt", "-accel", "tcg", "-cpu", cpu, "-display", "none", "-nodefaults", "-serial", "stdio", "-no-reboot", "-m", "64", "-kernel", image })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"-cpu {cpu}: QEMU did not exit within 60 s");
        }

        Assert.True(process.ExitCode == 0, $"-cpu {cpu}: QEMU exited {process.ExitCode}: {stderr.Result}");
        return RegisterLine().Matches(stdout.Result).ToDictionary(m => m.Groups[1].Value, m => "0x" + m.Groups[2].Value.ToLower(CultureInfo.InvariantCulture));
    }

    private static string Join(params string?[] parts) => string.Join(',', parts.Where(p => p is not null));

    [GeneratedRegex(@"^([A-Z][A-Z0-9_]+)=0x([0-9a-fA-F]{16})\r?$", RegexOptions.Multiline)]
    private static partial Regex RegisterLine();
}
