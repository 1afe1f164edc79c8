using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Backends.Qemu;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// A <c>migrate --vm</c> artifact that is the CPU of whichever host it runs on, of either architecture: a
/// <c>-cpu host</c> or <c>max</c> with no property only aarch64 has (<see cref="QemuBackend.HostCpuOfEitherArch"/>:
/// <c>host</c>, <c>max</c> and <c>pmu=</c> are x86 QEMU's too), or a host-passthrough or maximum <c>&lt;cpu&gt;</c>
/// that states no architecture (<see cref="Arm64LibvirtCpu.IsHostCpuOfEitherArch"/>). Its hosts tell which it is:
/// <see cref="Arm64Migration"/> reads it as aarch64 (<see cref="AsArm64"/>) between aarch64 hosts; between x86 ones
/// the x86 path reads it as before.
/// </summary>
public sealed class EitherArchHostCpu
{
    private readonly Func<Arm64VmArtifact> readAsArm64;

    private EitherArchHostCpu(string kind, string source, string written, (string Token, SourceSpan Span)? x86Only, Func<Arm64VmArtifact> readAsArm64)
    {
        Kind = kind;
        Source = source;
        Written = written;
        X86Only = x86Only;
        this.readAsArm64 = readAsArm64;
    }

    /// <summary>The backend that reads it: <c>qemu</c> or <c>libvirt</c>.</summary>
    public string Kind { get; }

    /// <summary>The file it came from, <c>&lt;stdin&gt;</c>, or <c>--vm</c> for a value given inline.</summary>
    public string Source { get; }

    /// <summary>How messages name it: <c>-cpu host</c>, <c>&lt;cpu mode='host-passthrough'&gt;</c>.</summary>
    public string Written { get; }

    /// <summary>Its first part only x86 has (<c>+avx2</c>, <c>vendor=...</c>, an x86 <c>&lt;feature&gt;</c>) and where it is, or null.</summary>
    public (string Token, SourceSpan Span)? X86Only { get; }

    /// <summary>The artifact in <paramref name="text"/> if it is one of either architecture, else null (an aarch64 or x86 one, or no artifact).</summary>
    public static EitherArchHostCpu? TryRead(string text, string source)
    {
        try
        {
            if (text.TrimStart().StartsWith('<'))
            {
                var document = LibvirtXml.Load(text, source);
                if (!Arm64LibvirtCpu.IsHostCpuOfEitherArch(document))
                {
                    return null;
                }

                var libvirt = (LibvirtBackend)BackendRegistry.Default.Get("libvirt");
                var feature = Arm64LibvirtCpu.X86OnlyFeature(document, libvirt.Vocabulary(TargetOptions.Defaults(libvirt.Name)));
                var mode = (string?)(document.Root!.Name.LocalName == "cpu" ? document.Root : document.Root.Elements().First(e => e.Name.LocalName == "cpu")).Attribute("mode");
                return new EitherArchHostCpu("libvirt", source, $"<cpu mode='{mode}'>",
                    feature is null ? null : ($"<feature name='{(string?)feature.Attribute("name")}'>", LibvirtXml.SpanOf(feature, source)),
                    () =>
                    {
                        var (model, items) = Arm64LibvirtCpu.Read(document, source);
                        return new Arm64VmArtifact("libvirt", source, model, items, 1);
                    });
            }

            var qemu = (QemuBackend)BackendRegistry.Default.Get("qemu");
            if (!QemuArtifact.Recognize(text) || qemu.HostCpuOfEitherArch(text, source) is not { } cpu)
            {
                return null;
            }

            return new EitherArchHostCpu("qemu", source, $"-cpu {cpu.Model}",
                cpu.X86Only is { } x86 ? (x86.Token, SourceSpan.At(source, cpu.Line, x86.Column, x86.Token.Length)) : null,
                () => new Arm64VmArtifact("qemu", source, cpu.Model, cpu.Items, cpu.Line));
        }
        catch (DiagnosticException)
        {
            return null; // not well-formed: the x86 path reads it and says what is wrong
        }
    }

    /// <summary>
    /// The artifact read as aarch64, for <paramref name="host"/> (an aarch64 host it is checked against, as
    /// <c>--to X</c> or <c>--from X</c>); CP1035 when it has a part only x86 has.
    /// </summary>
    public Arm64VmArtifact AsArm64(string host) =>
        X86Only is { } x86
            ? throw new DiagnosticException(DiagnosticCatalog.X86PropertyOnArm64Host.Create(
                x86.Span,
                $"`{x86.Token}` is an x86-only part of `{Written}`, but `{host}` is an aarch64 host: `{Written}` is the CPU of the host it runs on, and no aarch64 host's {(Kind == "qemu" ? "QEMU" : "libvirt")} takes `{x86.Token}`",
                Kind == "qemu"
                    ? "give the VM's aarch64 command line (its `-cpu host` takes sve*, pmu, pauth* and openEuler's SYSREG_* properties), or name the x86 hosts it runs on"
                    : "give the VM's aarch64 domain (its <cpu> has only sve features), or name the x86 hosts it runs on")
            )
            : readAsArm64() with { ReadFor = host };

    /// <summary>CP1036: the hosts it is checked against are of two architectures, so it is neither's CPU.</summary>
    public DiagnosticException BetweenArchitectures(string value, (string Option, string Name, string Arch) a, (string Option, string Name, string Arch) b) =>
        new(DiagnosticCatalog.HostCpuBetweenArchitectures.Create(
            SourceSpan.ForElement("--vm", Source == "--vm" ? value.Trim() : Source),
            $"`{Written}` is the CPU of the host it runs on, and `{a.Option} {a.Name}` is {a.Arch} while `{b.Option} {b.Name}` is {b.Arch}: a VM does not move between architectures",
            "name a boot host (--from) and a destination (--to) of the VM's one architecture"));
}
