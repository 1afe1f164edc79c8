using Cpupolicy.Core.IO;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Backends.Qemu.Arm64;
using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// The libvirt qemu hook (<c>qemu.d/cpupolicy NAME OPERATION SUBOPERATION EXTRA</c>, domain XML on stdin; research
/// libvirt-qemu.md §3, §9). <c>prepare begin</c> gates the start: the domain's <c>&lt;cpu&gt;</c> against its
/// profile (enforce refuses, advise logs). <c>migrate begin</c> and <c>restore begin</c> are XML filters: the hook
/// prints the domain XML with only <c>&lt;cpu&gt;</c> replaced by the profile's (for an aarch64 profile, its whole
/// fragment is judged and merged: <see cref="Arm64DomainChecker"/>, <see cref="Arm64FragmentMerge"/>; in advise mode it prints nothing,
/// which libvirt reads as "unchanged"). Every other call returns at once without reading stdin (libvirt ignores the
/// broken pipe). Anything the hook cannot judge takes the on-error path. It never calls back into libvirt.
/// </summary>
public sealed class LibvirtHook
{
    public const string Backend = "libvirt";

    private readonly Func<string, string?> env;
    private readonly LibvirtCpuChecker checker;

    public LibvirtHook(Func<string, string?> env, LibvirtCpuChecker? checker = null)
    {
        this.env = env;
        this.checker = checker ?? new LibvirtCpuChecker();
    }

    /// <summary>Whether the hook acts on this call at all (launchers use the same test to skip starting the runtime).</summary>
    public static bool Handles(string operation, string subOperation) =>
        subOperation == "begin" && operation is "prepare" or "migrate" or "restore";

    public HookOutcome Run(string name, string operation, string subOperation, Stream stdin)
    {
        if (!Handles(operation, subOperation))
        {
            return HookOutcome.Ignored;
        }

        var vm = HookText.Clean(name);
        var what = operation == "prepare" ? "start" : operation;
        var (bundle, bundleError) = TrustedBundle.TryRead(HookConfig.BundlePathFrom(env));

        var config = HookConfig.Resolve(env, bundle);
        if ((bundleError ?? config.Problem) is { } early)
        {
            return Error(config, vm, what, early);
        }

        var input = BoundedInput.Read(stdin, BoundedInput.MaxBytes, BoundedInput.TimeoutFrom(env));
        if (input.Bytes is null)
        {
            return Error(config, vm, what, DiagnosticCatalog.HookInputUnbounded.Create(SourceSpan.WholeFile("<stdin>"), input.Problem!));
        }

        try
        {
            var xml = DomainXmlScanner.Scan(input.Bytes, $"domain `{vm}` XML");
            if (ProfileResolver.TryResolve(bundle!, name, xml.MetadataProfile, "its <cpupolicy:profile> metadata") is not { } match)
            {
                // Not under the policy: allowed, and for the filters nothing printed (libvirt keeps the XML as it is).
                return new HookOutcome(HookExitCodes.Allow, HookLogLevel.Info, $"VM `{vm}`: {what} allowed, not managed: no `vm` rule or `default` of the policy names it");
            }

            var profile = $"profile `{HookText.Clean(match.Profile.Name)}` ({HookText.Clean(match.Reason)})";
            var artifact = match.Profile.Artifact(Backend) ?? throw NoArtifact(bundle!, match.Profile);
            var options = bundle!.Target(Backend);
            var source = $"domain `{vm}` XML";

            // An aarch64 profile is a fragment to merge (<cpu>, <features><pmu>, <qemu:commandline>), judged as a whole.
            var fragment = Arm64LibvirtCpu.IsDomainFragment(artifact) ? Arm64DomainFragment.Of(artifact, bundle.Path) : null;
            var qemuRelease = options.Get(LibvirtBackend.QemuReleaseOption, Arm64QemuCpu.Upstream72);
            var judged = fragment is null ? "<cpu>" : "CPU (<cpu>, <features><pmu>, <qemu:commandline> -global)";
            if (operation == "prepare")
            {
                var comparison = fragment is null
                    ? checker.Compare(xml.CpuText, artifact, options, $"domain `{vm}` <cpu>")
                    : Arm64DomainChecker.Compare(Arm64DomainView.Read(input.Bytes, xml, source).Document, fragment, qemuRelease, bundle.Path, source);
                if (comparison.Matches)
                {
                    return new HookOutcome(HookExitCodes.Allow, HookLogLevel.Info, $"VM `{vm}`: start allowed, its {judged} matches {profile}");
                }

                var difference = $"its {judged} breaks {profile}: {comparison.Describe()} [{DiagnosticCatalog.CpuBreaksProfile.Code}]";
                return config.Mode == HookMode.Enforce
                    ? new HookOutcome(HookExitCodes.LibvirtRefuseViolation, HookLogLevel.Error, $"VM `{vm}`: start refused (mode enforce), {difference}")
                    : new HookOutcome(HookExitCodes.Allow, HookLogLevel.Warning, $"VM `{vm}`: start allowed (mode advise) although {difference}");
            }

            var cpu = fragment is null ? CpuSplice.CpuElementOf(artifact, bundle.Path) : null;
            if (config.Mode == HookMode.Advise)
            {
                var would = fragment is null ? $"set <cpu> to {profile}" : $"merge the aarch64 fragment of {profile}";
                return new HookOutcome(HookExitCodes.Allow, HookLogLevel.Warning, $"VM `{vm}`: {what} XML left unchanged (mode advise); enforce would {would}");
            }

            var rewritten = fragment is null
                ? CpuSplice.Apply(input.Bytes, xml, cpu!)
                : Arm64FragmentMerge.ApplyChecked(input.Bytes, xml, fragment, qemuRelease, bundle.Path, source);
            var given = fragment is null ? $"the <cpu> of {profile}" : $"the aarch64 fragment of {profile}";
            return new HookOutcome(HookExitCodes.Allow, HookLogLevel.Info, $"VM `{vm}`: {what} XML given {given}", rewritten);
        }
        catch (DiagnosticException e)
        {
            return Error(config, vm, what, e.Diagnostic);
        }
    }

    /// <summary>The on-error path: one line naming the problem and what was done about it.</summary>
    private static HookOutcome Error(HookConfig config, string vm, string what, Diagnostic problem)
    {
        var text = $"VM `{vm}`: {problem.Code} {HookText.Clean(problem.Message, 600)}";
        return config.OnError == OnErrorAction.Allow
            ? new HookOutcome(HookExitCodes.Allow, HookLogLevel.Warning, $"{text}; {what} allowed (on error: allow)")
            : new HookOutcome(HookExitCodes.LibvirtRefuseError, HookLogLevel.Error, $"{text}; {what} refused (on error: refuse)");
    }

    private static DiagnosticException NoArtifact(HookBundle bundle, BundleProfile profile) =>
        new(DiagnosticCatalog.ProfileLacksArtifact.Create(
            SourceSpan.WholeFile(bundle.Path),
            $"profile `{HookText.Clean(profile.Name)}` in bundle `{bundle.Path}` has no libvirt artifact",
            "add `target libvirt` to the policy (or drop every target line) and recompile"));
}
