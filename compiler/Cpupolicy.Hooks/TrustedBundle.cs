using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// The bundle a hook or <c>apply</c> acts on: read only when it and every folder above it can be changed by root
/// alone (or by the invoking user, for a run that is not root; <see cref="FileTrust"/>), else CP0620 naming the
/// path at fault and its fix. The one entry for both <c>cpupolicy hook</c> and <c>cpupolicy-hook</c>; the format
/// itself is <see cref="BundleReader"/>'s (Cpupolicy.Core).
/// </summary>
public static class TrustedBundle
{
    public static HookBundle Read(string path)
    {
        if (!OperatingSystem.IsWindows() && FileTrust.Check(path) is { } problem)
        {
            throw new DiagnosticException(DiagnosticCatalog.BundleUntrusted.Create(SourceSpan.WholeFile(path), Untrusted(path, problem)));
        }

        return BundleReader.Read(path);
    }

    /// <summary>The CP0620 message (also used by <c>hook check</c>).</summary>
    /// <summary>
    /// The bundle, or null and why not: a hook does not fail on an unread bundle, it takes its <c>on_error</c> setting
    /// (from the environment, since the bundle that would say otherwise is unreadable).
    /// </summary>
    public static (HookBundle? Bundle, Diagnostic? Problem) TryRead(string path)
    {
        try
        {
            return (Read(path), null);
        }
        catch (DiagnosticException e)
        {
            return (null, e.Diagnostic);
        }
    }

    public static string Untrusted(string path, TrustProblem problem) =>
        $"bundle `{HookText.Clean(path, 300)}` not used: {problem.Describe()}; a hook acts only on a bundle that only root can change";
}
