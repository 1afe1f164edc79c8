using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using FsCheck;
using FsCheck.Fluent;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// FsCheck generator of lowered profiles, the emitters' input: features drawn from the database at some density,
/// closed under prerequisites (the checker's guarantee), sometimes bound to a vendor.
/// </summary>
public static class ProfileGen
{
    public static Gen<ProfileIr> Profile { get; } =
        from picks in Gen.ArrayOf(Gen.Choose(0, FeatureDatabase.Default.Features.Count - 1))
        from density in Gen.Elements(0.0, 0.02, 0.1, 0.3, 0.6, 0.9, 1.0)
        from salt in Gen.Choose(0, int.MaxValue - 1)
        from vendor in Gen.Elements(CpuVendor.Unknown, CpuVendor.Unknown, CpuVendor.Intel, CpuVendor.Amd)
        select Make(picks, density, salt, vendor);

    private static ProfileIr Make(int[] picks, double density, int salt, CpuVendor vendor)
    {
        var db = FeatureDatabase.Default;
        var random = new Random(salt);
        var drawn = FeatureSet.Of(db.Features.Select(f => f.Index).Where(_ => random.NextDouble() < density).Concat(picks));
        return new ProfileIr { Name = $"gen{salt}", Features = db.CloseUnderRequires(drawn), Vendor = vendor };
    }
}
