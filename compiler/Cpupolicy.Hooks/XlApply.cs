using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// <c>cpupolicy apply xl</c> as a library call: the VM's name from the config, its profile resolved as the hooks
/// resolve it, and the config with its <c>cpuid=</c> set to that profile's (every other line and comment kept). No
/// I/O: the command reads the file, checks trust, writes and renders.
/// </summary>
public static class XlApply
{
    public const string Backend = "xen";

    /// <summary>
    /// The edited config; <see cref="ApplyResult.Match"/> is null (and the bytes are the original) for a VM no
    /// <c>vm</c> rule and no <c>default</c> names: not under the policy, as the libvirt and XAPI hooks see it. The
    /// bundle is loaded only once the config has passed its own checks (a config without a name is refused first).
    /// </summary>
    public static ApplyResult Config(byte[] original, string path, Func<HookBundle> bundle, string? explicitProfile)
    {
        var text = XlConfigEditor.Bytes.GetString(original);
        var name = XlConfigEditor.NameOf(text, path);
        if (name is null && explicitProfile is null)
        {
            throw new DiagnosticException(DiagnosticCatalog.XlConfigRejected.Create(
                SourceSpan.WholeFile(path), $"`{path}` has no `name = \"...\"` setting to choose a profile by", "give --profile"));
        }

        if (ProfileResolver.TryResolve(bundle(), name ?? string.Empty, explicitProfile, "--profile") is not { } match)
        {
            return new ApplyResult(name, null, original, false);
        }

        var artifact = match.Profile.Artifact(Backend) ?? throw LibvirtApply.NoArtifact(match, Backend);
        var (comment, statement) = XlConfigEditor.CpuidOf(artifact, match.Profile.Name);
        var edited = XlConfigEditor.Bytes.GetBytes(XlConfigEditor.SetCpuid(text, comment, statement, path));
        return new ApplyResult(name, match, edited, !edited.AsSpan().SequenceEqual(original));
    }
}
