using Cpupolicy.Compiler.Audit;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Services;

/// <summary>
/// <c>cpupolicy audit</c> as a library call: compile the policy and find the profile (when one is asked for), audit
/// every binary, and judge each against the profile: a declared requirement the profile lacks is an error (the program
/// will not start), an instruction it lacks is a warning (usually behind a CPUID check).
/// </summary>
public static class AuditService
{
    /// <param name="profile">The profile of <paramref name="policyPath"/> to judge against; both or neither.</param>
    public static AuditOutcome Run(IReadOnlyList<string> paths, string? policyPath, string? profile)
    {
        var db = FeatureDatabase.Default;
        FeatureSet? features = null;
        var policyDiagnostics = new List<Diagnostic>();
        if (policyPath is not null)
        {
            var result = Compilation.CompileFile(policyPath);
            policyDiagnostics.AddRange(result.Diagnostics);
            if (result.HasErrors)
            {
                return new AuditOutcome(policyDiagnostics, profile, []);
            }

            var found = result.Profiles.FirstOrDefault(e => e.Profile.Name == profile);
            if (found is null)
            {
                var names = result.Profiles.Select(e => e.Profile.Name).ToList();
                policyDiagnostics.Add(DiagnosticCatalog.AuditUnknownProfile.Create(
                    SourceSpan.WholeFile(policyPath),
                    $"`{policyPath}` has no profile `{profile}`",
                    names.Count == 0 ? "the policy defines no profile" : $"its profiles: {string.Join(", ", names)}"));
                return new AuditOutcome(policyDiagnostics, profile, []);
            }

            features = found.Profile.Features;
        }

        var binaries = BinaryAuditor.Default.AuditAll(paths)
            .Select(audit =>
            {
                var fit = audit.Failed || features is null ? null : ProfileFit.Of(audit, features, db);
                return new AuditedBinary(audit, fit, Diagnostics(audit, fit, profile, db));
            })
            .ToList();
        return new AuditOutcome(policyDiagnostics, features is null ? null : profile, binaries);
    }

    /// <summary>The binary's error, or its warnings and the verdict's reasons.</summary>
    private static List<Diagnostic> Diagnostics(BinaryAudit audit, ProfileFit? fit, string? profile, FeatureDatabase db)
    {
        if (audit.Error is { } error)
        {
            return [error];
        }

        var diagnostics = audit.Warnings.ToList();
        if (fit is null)
        {
            return diagnostics;
        }

        var span = SourceSpan.WholeFile(audit.Path);
        if (!fit.Missing.IsEmpty)
        {
            diagnostics.Add(DiagnosticCatalog.AuditDeclaredMissing.Create(
                span,
                $"`{audit.Path}` declares {audit.Declaration.Level ?? "features"} but profile `{profile}` lacks {Names(db, fit.Missing)}",
                "the program will not start on a vCPU of this profile: add the features to the profile, or rebuild the binary for a lower level"));
        }

        if (!fit.Lacking.IsEmpty)
        {
            diagnostics.Add(DiagnosticCatalog.AuditUsedBehindCheck.Create(
                span,
                $"`{audit.Path}` contains instructions for {Names(db, fit.Lacking)}, which profile `{profile}` lacks; used behind a CPUID check, probably",
                "the program should pick another code path on this profile; its speed may differ from a host with these features"));
        }

        return diagnostics;
    }

    private static string Names(FeatureDatabase db, FeatureSet set) =>
        string.Join(", ", db.Expand(set).Select(f => $"`{f.Name}`"));
}
