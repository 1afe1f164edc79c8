using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Hooks;

/// <summary>
/// The two decodes every start gate makes, with one error policy: the profile's artifact comes from the bundle, so
/// when it does not decode the bundle is corrupt (CP0602); the domain's CPU comes from the VM, so a CPU that is not a
/// fixed one (the decoder's CP0506: host-dependent, a named model) is a verdict, "not the profile", and any other
/// failure means the hook cannot judge it (CP0609, the on-error action).
/// </summary>
internal static class GateDecode
{
    public static T Profile<T>(Func<T> decode, string source, string what)
    {
        try
        {
            return decode();
        }
        catch (DiagnosticException e)
        {
            throw new DiagnosticException(DiagnosticCatalog.BundleCorrupt.Create(
                SourceSpan.WholeFile(source), $"the profile's {what} does not decode: {e.Diagnostic.Message}", "recompile the policy and reinstall bundle.json"));
        }
    }

    /// <summary>The domain's decoded CPU, or (when it is no fixed CPU) the comparison that says so.</summary>
    public static (T? Value, CpuComparison? NotFixed) Domain<T>(Func<T> decode, string source, string what, string hint)
        where T : class
    {
        try
        {
            return (decode(), null);
        }
        catch (DiagnosticException e) when (e.Diagnostic.Code == DiagnosticCatalog.ArtifactNotDecodable.Code)
        {
            return (null, CpuComparison.Unbounded(e.Diagnostic.Message));
        }
        catch (DiagnosticException e)
        {
            throw Unreadable(source, what, e.Diagnostic.Message, hint);
        }
    }

    public static DiagnosticException Unreadable(string source, string what, string message, string hint) =>
        new(DiagnosticCatalog.VmCpuUnreadable.Create(SourceSpan.WholeFile(source), $"the domain's {what} cannot be judged: {message}", hint));
}
