using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// <c>cpupolicy report</c> as a library call: the host × profile matrix of a policy, rendered as one self-contained
/// HTML page (<see cref="ReportRenderer"/>) and written atomically.
/// </summary>
public static class HtmlReport
{
    /// <summary>The matrix written, or (with a null matrix) CP0004 when the file cannot be written.</summary>
    public static (CompatibilityMatrix? Matrix, Diagnostic? Error) Write(FleetPolicy policy, string outPath)
    {
        var matrix = CompatibilityMatrix.Build(policy);
        var html = ReportRenderer.Render(matrix, policy, FeatureDatabase.Default);
        try
        {
            AtomicFile.WriteAllText(outPath, html);
            return (matrix, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, DiagnosticCatalog.OutputNotWritable.Create(SourceSpan.WholeFile(outPath), $"cannot write `{outPath}`: {e.Message}", "check the directory exists and is writable"));
        }
    }
}
