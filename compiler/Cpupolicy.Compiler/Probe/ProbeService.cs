using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Compiler.Probe.Arm64;
using Cpupolicy.Core.Backends.Qemu.Arm64;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// The probe flow behind <c>cpupolicy probe</c>: write the image if asked, compile the policy and pick the profile's
/// artifact, turn it into a <c>-cpu</c> (libvirt's artifact through libvirt itself), boot it, save the output, and
/// compare what the guest saw with the profile. Diagnostics that do not stop the run go to <c>report</c> as they
/// arise; those that do are thrown as <see cref="DiagnosticException"/>.
/// </summary>
public static class ProbeService
{
    public static ProbeOutcome Run(ProbeRequest request, Action<Diagnostic> report, FeatureDatabase? db = null)
    {
        if (request.Arch == ProbeArch.Aarch64)
        {
            return RunArm64(request, report);
        }

        db ??= FeatureDatabase.Default;
        if (request.ImagePath is { } imagePath)
        {
            AtomicFile.WriteAllBytes(imagePath, [.. ProbeImageBuilder.Default.Bytes]);
        }

        if (!request.Boots)
        {
            return ProbeOutcome.NothingBooted;
        }

        ProbeTarget? target = null;
        if (request.PolicyPath is { } policyPath)
        {
            target = Resolve(policyPath, request.ProfileName!, request.Libvirt ? "libvirt" : "qemu", report);
            if (target is null)
            {
                return new ProbeOutcome { PolicyFailed = true };
            }

            RequireArch(target, policyPath, ProbeArch.X86);
        }

        var cpu = request.QemuCpu is { } given ? QemuCpuValue.FromArtifact(given) : CpuOf(target!, request.LibvirtUri);
        var observation = Prober.Observe(cpu, request.Run, db: db);
        if (request.SavePath is { } savePath)
        {
            AtomicFile.WriteAllText(savePath, observation.ProbeOutput);
        }

        foreach (var line in observation.Dropped.Unrecognised)
        {
            report(DiagnosticCatalog.ProbeUnknownQemuFeature.Create(SourceSpan.WholeFile("<qemu>"), line));
        }

        return new ProbeOutcome
        {
            Observation = observation,
            Target = target,
            Comparison = target is null ? null : ProbeComparison.Compare(observation, target.Profile.Features, target.Controllable, db),
        };
    }

    /// <summary>
    /// The aarch64 flow: boot the -cpu value (default QEMU: qemu-system-aarch64), or the profile's artifact (its
    /// libvirt artifact as libvirt translates it), save the ID-register dump, and compare what the guest read with the
    /// expected inventory or, within what the artifact's QEMU release controls, with the profile.
    /// </summary>
    private static ProbeOutcome RunArm64(ProbeRequest request, Action<Diagnostic> report)
    {
        var image = Arm64ProbeImage.Default;
        if (request.ImagePath is { } imagePath)
        {
            AtomicFile.WriteAllBytes(imagePath, [.. image.Bytes]);
        }

        if (!request.Boots)
        {
            return ProbeOutcome.NothingBooted;
        }

        // Read the expected inventory and compile the policy first: a wrong file should fail before a boot, not after.
        Arm64Host? expected = null;
        if (request.ExpectPath is { } expectPath)
        {
            var host = InventoryReader.Read(expectPath);
            expected = host.Arm64 ?? throw new DiagnosticException(DiagnosticCatalog.ProbeExpectNotArm64.Create(
                SourceSpan.WholeFile(expectPath),
                $"`{expectPath}` is a {host.Format} inventory of an x86 host, not an aarch64 one",
                "give an aarch64 ID-register dump (what `cpupolicy probe --arch aarch64 --save FILE` writes) or an aarch64 /proc/cpuinfo"));
        }

        ProbeTarget? target = null;
        if (request.PolicyPath is { } policyPath)
        {
            target = Resolve(policyPath, request.ProfileName!, request.Libvirt ? "libvirt" : "qemu", report);
            if (target is null)
            {
                return new ProbeOutcome { PolicyFailed = true };
            }

            RequireArch(target, policyPath, ProbeArch.Aarch64);
        }

        var cpu = request.QemuCpu is { } given ? QemuCpuValue.FromArtifact(given) : Arm64CpuOf(target!, request);
        var observation = Arm64Prober.Observe(cpu, request.Run, image);
        if (request.SavePath is { } savePath)
        {
            AtomicFile.WriteAllText(savePath, observation.Dump);
        }

        return new ProbeOutcome
        {
            Arm64 = observation,
            Target = target,
            Arm64Comparison = expected is null ? null : Arm64ProbeComparison.Compare(observation, expected, request.ExpectPath!),
            Arm64PolicyComparison = target is null ? null : Arm64PolicyComparison.Compare(observation.Guest.Features, target.Profile.Features, target.Controllable, target.QemuRelease),
        };
    }

    /// <summary>
    /// The -cpu an aarch64 artifact boots with. Under TCG, refused before booting when it cannot run there: openEuler's
    /// SYSREG properties exist only in openEuler's QEMU on <c>-cpu host</c>, and <c>host</c> needs KVM.
    /// </summary>
    private static string Arm64CpuOf(ProbeTarget target, ProbeRequest request)
    {
        var kvm = Arm64ProbeRunner.Resolve(request.Run.Accelerator) == ProbeAccelerator.Kvm;
        var name = target.Profile.Name;
        var what = target.Backend == "libvirt" ? "libvirt artifact" : "qemu artifact";
        var span = SourceSpan.ForElement(request.PolicyPath!, $"profile {name}");
        if (!kvm && target.QemuRelease == Arm64QemuCpu.OpenEuler82)
        {
            throw new DiagnosticException(DiagnosticCatalog.ProbeArm64OpenEulerRelease.Create(span,
                $"the {what} of profile `{name}` is for `release {Arm64QemuCpu.OpenEuler82}`: SYSREG_<REG>_<FIELD> properties on `-cpu host`, which only openEuler's QEMU 8.2 under KVM runs (not TCG, not upstream QEMU {Arm64QemuCpu.Upstream72})",
                $"run the probe on the openEuler host (`--accel kvm`, `--qemu` naming openEuler's qemu-kvm), or probe the profile for an upstream release: `release {Arm64QemuCpu.Upstream72}` and `model max` in `target qemu`"));
        }

        var isHost = target.Backend == "libvirt"
            ? Arm64LibvirtDomain.Mode(target.Artifact) == "host-passthrough"
            : QemuCpuValue.FromArtifact(target.Artifact).Split(',')[0] == "host";
        if (!kvm && isHost)
        {
            var fix = target.Backend == "libvirt" ? "`model maximum` in `target libvirt`" : "`model max` in `target qemu`";
            throw new DiagnosticException(DiagnosticCatalog.ProbeArm64HostNeedsKvm.Create(span,
                $"the {what} of profile `{name}` is {(target.Backend == "libvirt" ? "<cpu mode='host-passthrough'>" : "`-cpu host`")}, which needs KVM on an aarch64 host; this probe runs under TCG",
                $"run the probe on the aarch64 host (`--accel kvm`), or probe what TCG can run: {fix}"));
        }

        if (target.Backend == "qemu")
        {
            return QemuCpuValue.FromArtifact(target.Artifact);
        }

        using var translator = request.LibvirtUri is { } uri ? LibvirtTranslator.ForUri(uri) : LibvirtTranslator.StartPrivateDaemon();
        return translator.CpuForArm64(target.Artifact, kvm ? "kvm" : "qemu");
    }

    /// <summary>CP0715 when the profile is not for the architecture the probe boots.</summary>
    private static void RequireArch(ProbeTarget target, string policyPath, ProbeArch arch)
    {
        if (target.Profile.IsArm64 == (arch == ProbeArch.Aarch64))
        {
            return;
        }

        var (profileArch, other) = target.Profile.IsArm64 ? ("aarch64", "--arch aarch64") : ("x86_64", "--arch x86_64 (the default)");
        throw new DiagnosticException(DiagnosticCatalog.ProbeProfileArchMismatch.Create(
            SourceSpan.ForElement(policyPath, $"profile {target.Profile.Name}"),
            $"profile `{target.Profile.Name}` is an {profileArch} profile, but the probe boots an {(arch == ProbeArch.Aarch64 ? "aarch64" : "x86_64")} guest",
            $"probe it with {other}"));
    }

    /// <summary>The profile's artifact for <paramref name="backend"/>; null when the policy has compile errors (reported).</summary>
    private static ProbeTarget? Resolve(string policyPath, string profileName, string backend, Action<Diagnostic> report)
    {
        var result = Compilation.CompileFile(policyPath, [backend]);
        foreach (var d in result.Diagnostics)
        {
            report(d);
        }

        if (result.HasErrors)
        {
            return null;
        }

        var emitted = result.Profiles.FirstOrDefault(e => e.Profile.Name == profileName);
        if (emitted is null)
        {
            var names = result.Profiles.Select(e => e.Profile.Name).ToList();
            throw new DiagnosticException(DiagnosticCatalog.ProbeUnknownProfile.Create(
                SourceSpan.WholeFile(policyPath),
                $"`{policyPath}` has no profile `{profileName}`",
                names.Count == 0 ? "the policy defines no profile" : $"its profiles: {string.Join(", ", names)}"));
        }

        // INVARIANT: a compilation without errors emitted every profile's artifact for the targets it was given;
        // an emitter's failure is a compile error, reported above.
        return ProbeTarget.For(result, emitted, backend)
            ?? throw new InvalidOperationException($"profile `{emitted.Profile.Name}` compiled without errors but has no {backend} artifact");
    }

    /// <summary>The profile's qemu artifact as is, or its libvirt artifact as libvirt turns it into a -cpu.</summary>
    private static string CpuOf(ProbeTarget target, string? libvirtUri)
    {
        if (target.Backend == "qemu")
        {
            return QemuCpuValue.FromArtifact(target.Artifact);
        }

        using var translator = libvirtUri is { } uri ? LibvirtTranslator.ForUri(uri) : LibvirtTranslator.StartPrivateDaemon();
        return translator.CpuFor(target.Artifact);
    }
}
