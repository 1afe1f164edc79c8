using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Compiler.Probe.Arm64;
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
            return RunArm64(request);
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
    /// The aarch64 flow: boot the -cpu value (default QEMU: qemu-system-aarch64), save the ID-register dump, and
    /// compare it with the expected inventory when one is given.
    /// </summary>
    private static ProbeOutcome RunArm64(ProbeRequest request)
    {
        var image = Arm64ProbeImage.Default;
        if (request.ImagePath is { } imagePath)
        {
            AtomicFile.WriteAllBytes(imagePath, [.. image.Bytes]);
        }

        if (request.QemuCpu is not { } cpu)
        {
            return ProbeOutcome.NothingBooted;
        }

        // Read the expected inventory first: a wrong file should fail before a boot, not after.
        Arm64Host? expected = null;
        if (request.ExpectPath is { } expectPath)
        {
            var host = InventoryReader.Read(expectPath);
            expected = host.Arm64 ?? throw new DiagnosticException(DiagnosticCatalog.ProbeExpectNotArm64.Create(
                SourceSpan.WholeFile(expectPath),
                $"`{expectPath}` is a {host.Format} inventory of an x86 host, not an aarch64 one",
                "give an aarch64 ID-register dump (what `cpupolicy probe --arch aarch64 --save FILE` writes) or an aarch64 /proc/cpuinfo"));
        }

        var observation = Arm64Prober.Observe(QemuCpuValue.FromArtifact(cpu), request.Run, image);
        if (request.SavePath is { } savePath)
        {
            AtomicFile.WriteAllText(savePath, observation.Dump);
        }

        return new ProbeOutcome
        {
            Arm64 = observation,
            Arm64Comparison = expected is null ? null : Arm64ProbeComparison.Compare(observation, expected, request.ExpectPath!),
        };
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
