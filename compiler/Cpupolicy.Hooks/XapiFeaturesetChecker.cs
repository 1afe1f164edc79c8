using System.Text.RegularExpressions;
using Cpupolicy.Core.Backends.Xapi;
using Cpupolicy.Core.Backends.Xen;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// Compares a VM's <c>platform:featureset</c> with a profile's xapi artifact. Equal words (ignoring case, the
/// <c>-</c>/<c>:</c> separator and trailing zero words, which XAPI reads as zero anyway) match without loading the
/// database; otherwise both decode through the xapi backend under the Xen release the artifact was written for,
/// and the difference is named feature by feature. A VM without the key boots with the pool's whole level, which is
/// not the profile.
/// </summary>
public sealed partial class XapiFeaturesetChecker
{
    private readonly Lazy<XapiBackend> backend;

    public XapiFeaturesetChecker()
        : this(() => new XapiBackend(FeatureDatabase.Default))
    {
    }

    public XapiFeaturesetChecker(Func<XapiBackend> backend)
    {
        this.backend = new Lazy<XapiBackend>(backend);
    }

    public CpuComparison Compare(string? vmFeatureset, string profileArtifact, TargetOptions options, string source)
    {
        if (vmFeatureset is null)
        {
            return CpuComparison.Unbounded("platform:featureset is not set, so the VM boots with the pool's whole CPU level");
        }

        var wantedText = FeaturesetOf(profileArtifact, source);
        uint[] actualWords;
        try
        {
            actualWords = Featureset.Parse(vmFeatureset.Trim(), source, 1, 1);
        }
        catch (DiagnosticException e)
        {
            throw new DiagnosticException(DiagnosticCatalog.VmCpuUnreadable.Create(
                SourceSpan.WholeFile(source), $"platform:featureset cannot be read: {e.Diagnostic.Message}", "set it with `cpupolicy apply xapi`"));
        }

        if (Trim(actualWords).SequenceEqual(Trim(Featureset.Parse(wantedText, source, 1, 1))))
        {
            return CpuComparison.Same;
        }

        var xapi = backend.Value;
        var wanted = xapi.Decode(wantedText, options, source);
        var actual = xapi.Decode(Featureset.Format(actualWords), options, source);
        if (actual.Equals(wanted))
        {
            return CpuComparison.Same;
        }

        var db = FeatureDatabase.Default;
        return new CpuComparison(false, db.Expand(actual - wanted).Select(f => f.Name).ToList(), db.Expand(wanted - actual).Select(f => f.Name).ToList(), null);
    }

    /// <summary>The featureset a xapi artifact sets (its <c>featureset=</c> line); CP0602 when there is none.</summary>
    public static string FeaturesetOf(string artifact, string source)
    {
        var match = FeaturesetLine().Match(artifact);
        return match.Success
            ? match.Groups[1].Value
            : throw new DiagnosticException(DiagnosticCatalog.BundleCorrupt.Create(
                SourceSpan.WholeFile(source), "the profile's xapi artifact has no `featureset=` line", "recompile the policy and reinstall bundle.json"));
    }

    private static IEnumerable<uint> Trim(uint[] words)
    {
        var n = words.Length;
        while (n > 0 && words[n - 1] == 0)
        {
            n--;
        }

        return words.Take(n);
    }

    // Backtracking (source-generated, no start-up cost) on the hook path. Linear: anchored at a line start; one character class up to the line end.
    [GeneratedRegex(@"^featureset=([0-9A-Fa-f:-]*)\r?$", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex FeaturesetLine();
}
