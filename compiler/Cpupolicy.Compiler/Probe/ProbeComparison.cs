using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// A guest's view against a profile. Compared are the features the artifact's backend controls
/// (<c>IBackend.Controllable</c>), that the probe can read (<see cref="ProbePlan.Knowable"/>), and that do not depend
/// on the guest's own state (<see cref="GuestStateBits"/>). Within those, <see cref="Missing"/> are the profile's
/// features the guest lacks and QEMU did not report as dropped, <see cref="Extra"/> the guest's features beyond the
/// profile.
/// </summary>
public sealed record ProbeComparison
{
    /// <summary>The features compared.</summary>
    public required FeatureSet Compared { get; init; }

    /// <summary>
    /// The features the accelerator could not give: those QEMU's warnings name (requested by the <c>-cpu</c>, whether
    /// or not the profile has them), and the profile's features the guest lacks because a prerequisite was among them
    /// (QEMU derives such bits, e.g. leaf 0xD's, from the dropped one).
    /// </summary>
    public required FeatureSet NotEmulated { get; init; }

    public required FeatureSet Missing { get; init; }

    public required FeatureSet Extra { get; init; }

    /// <summary>
    /// The missing features QEMU said it dropped because a feature they depend on is off (e.g. <c>npt</c> without
    /// <c>svm</c>): still missing, since no QEMU guest can have them so, but with the reason named.
    /// </summary>
    public required FeatureSet MissingForDependencies { get; init; }

    public bool Matches => Missing.IsEmpty && Extra.IsEmpty;

    public static ProbeComparison Compare(ProbeObservation observation, FeatureSet profile, FeatureSet controllable, FeatureDatabase db)
    {
        var guest = observation.Guest.Features;
        var compared = (controllable & observation.Knowable) - GuestStateBits.In(db);
        var dropped = observation.Dropped.Dropped;
        var lacking = (profile & compared) - guest;
        var consequences = FeatureSet.Of(db.Expand(lacking - dropped).Where(f => f.RequiresAll.Overlaps(dropped)));
        var notEmulated = dropped | consequences;
        var missing = lacking - notEmulated;
        return new ProbeComparison
        {
            Compared = compared,
            NotEmulated = notEmulated,
            Missing = missing,
            Extra = (guest & compared) - profile,
            MissingForDependencies = missing & observation.Dropped.ForDependencies,
        };
    }
}
