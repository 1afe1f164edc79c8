using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// A binary against a profile's features. <see cref="Missing"/>: declared requirements the profile lacks; the binary
/// will not run (the loader or the program's own start-up check refuses). <see cref="Lacking"/>: features the code
/// contains and does not declare, which the profile lacks; such code usually sits behind a CPUID check, so this is a
/// warning. The two never overlap: a declared feature is only ever missing.
/// </summary>
public sealed record ProfileFit(FeatureSet Missing, FeatureSet Lacking)
{
    /// <summary>
    /// CPUID bits that the guest's kernel turns on by enabling the feature in CR4 (the psABI lists OSXSAVE for
    /// x86-64-v3): a profile provides them by providing the feature. Profiles and CPU models leave them out, since
    /// no hypervisor lets a toolstack set them.
    /// </summary>
    private static readonly (string OsBit, string Feature)[] OsEnabled = [("osxsave", "xsave"), ("ospke", "pku")];

    public bool Compatible => Missing.IsEmpty;

    public static ProfileFit Of(BinaryAudit audit, FeatureSet profile, FeatureDatabase db)
    {
        var offered = OsEnabled
            .Where(p => profile.Contains(db.Get(p.Feature)))
            .Aggregate(profile, (set, p) => set.Add(db.Get(p.OsBit).Index));
        return new ProfileFit(
            audit.Declaration.Features - offered,
            audit.Contained - audit.Declaration.Features - offered);
    }
}
