using Cpupolicy.Compiler.Database;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// A binary against a profile's features. <see cref="Missing"/>: declared requirements the profile lacks; the binary
/// will not run (the loader or the program's own start-up check refuses). <see cref="Lacking"/>: features the code
/// contains and does not declare, which the profile lacks; such code usually sits behind a CPUID check, so this is a
/// warning. The two never overlap: a declared feature is only ever missing.
/// </summary>
public sealed record ProfileFit(FeatureSet Missing, FeatureSet Lacking)
{
    public bool Compatible => Missing.IsEmpty;

    public static ProfileFit Of(BinaryAudit audit, FeatureSet profile) => new(
        audit.Declaration.Features - profile,
        audit.Contained - audit.Declaration.Features - profile);
}
