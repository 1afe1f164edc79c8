using Cpupolicy.Core.Database;

namespace Cpupolicy.Tests.Database;

/// <summary>Any backend's spelling finds the right bit; near misses get suggestions; model drift is visible.</summary>
public sealed class FeatureLookupTests
{
    [Theory]
    [InlineData("sse4.1", 1u, CpuidRegister.Ecx, 19)]
    [InlineData("SSE4_1", 1u, CpuidRegister.Ecx, 19)]
    [InlineData("sse4-1", 1u, CpuidRegister.Ecx, 19)]
    [InlineData("pclmuldq", 1u, CpuidRegister.Ecx, 1)]
    [InlineData("pclmulqdq", 1u, CpuidRegister.Ecx, 1)]
    [InlineData("lahf_lm", 0x80000001u, CpuidRegister.Ecx, 0)]
    [InlineData("lahf-lm", 0x80000001u, CpuidRegister.Ecx, 0)]
    [InlineData("lahfsahf", 0x80000001u, CpuidRegister.Ecx, 0)]
    [InlineData("spec-ctrl", 7u, CpuidRegister.Edx, 26)]
    [InlineData("ibrsb", 7u, CpuidRegister.Edx, 26)]
    [InlineData("clfsh", 1u, CpuidRegister.Edx, 19)]
    [InlineData("i64", 0x80000001u, CpuidRegister.Edx, 29)]
    [InlineData("xd", 0x80000001u, CpuidRegister.Edx, 20)]
    [InlineData("ffxsr", 0x80000001u, CpuidRegister.Edx, 25)]
    [InlineData("sse3", 1u, CpuidRegister.Ecx, 0)]
    public void Spellings_of_every_backend_find_the_same_bit(string spelling, uint leaf, CpuidRegister register, int bit)
    {
        var f = FeatureDatabase.Default.Find(spelling);
        Assert.NotNull(f);
        Assert.Equal(leaf, f.Location.Leaf);
        Assert.Equal(register, f.Location.Register);
        Assert.Equal(bit, f.Location.Bit);
        Assert.Equal(leaf == 7 ? 0u : null, f.Location.Subleaf);
    }

    [Fact]
    public void Msr_features_have_msr_coordinates()
    {
        var mdsNo = FeatureDatabase.Default.Get("mds-no");
        Assert.Equal(0x10au, mdsNo.Location.Msr);
        Assert.Equal(5, mdsNo.Location.Bit);
        var itsNo = FeatureDatabase.Default.Get("its-no");
        Assert.Equal(0x10au, itsNo.Location.Msr);
        Assert.Equal(62, itsNo.Location.Bit);
    }

    [Fact]
    public void Suggestions_contain_the_close_name()
    {
        Assert.Contains("avx512f", FeatureDatabase.Default.Suggest("avx512fx"));
    }

    [Fact]
    public void Non_migratable_features_follow_libvirt()
    {
        var db = FeatureDatabase.Default;
        Assert.False(db.Get("invtsc").Migratable);
        Assert.False(db.Get("xsaves").Migratable);
        Assert.True(db.Get("avx2").Migratable);
    }

    [Fact]
    public void Requires_come_from_xen_dependencies()
    {
        var db = FeatureDatabase.Default;
        Assert.Contains("avx2", db.Get("avx512f").Requires);
        Assert.Contains("lm", db.Get("lahf-lm").Requires);
        Assert.True(db.Get("avx512vl").RequiresAll.Contains(db.Get("xsave")));
    }

    [Fact]
    public void Vendors_come_from_real_cpus_and_models()
    {
        var db = FeatureDatabase.Default;
        Assert.Equal([CpuVendor.Intel], db.Get("spec-ctrl").Vendors);
        Assert.Contains(CpuVendor.Amd, db.Get("svm").Vendors);
        Assert.DoesNotContain(CpuVendor.Intel, db.Get("svm").Vendors);
        Assert.Contains(CpuVendor.Hygon, db.Get("sse2").Vendors);
    }

    [Fact]
    public void Haswell_drift_between_qemu_and_libvirt_is_reported()
    {
        var db = ModelDatabase.Default;
        var haswell = db.Disagreements().Single(d => d.Name == "Haswell" && d.LibvirtCatalog == ModelDatabase.Libvirt9);
        var onlyQemu = db.FeatureDb.Expand(haswell.OnlyQemu).Select(f => f.Name).ToHashSet();
        Assert.Superset(onlyQemu, new HashSet<string> { "abm", "f16c", "rdrand", "xsaveopt", "arat", "hypervisor" });
        Assert.True(haswell.OnlyLibvirt.IsEmpty);
    }

    [Fact]
    public void Qemu_aliases_resolve_to_their_versioned_model()
    {
        var db = ModelDatabase.Default;
        var haswell = db.Find(ModelDatabase.Qemu, "Haswell")!;
        Assert.Equal("Haswell-v1", db.Resolve(haswell).Name);
        Assert.Equal(db.Find(ModelDatabase.Qemu, "Haswell-v1")!.Features, haswell.Features);
    }

    [Fact]
    public void Libvirt_models_carry_order_signatures_and_inheritance()
    {
        var db = ModelDatabase.Default;
        var v2 = db.Find(ModelDatabase.Libvirt11, "Cascadelake-Server-v2")!;
        Assert.Contains(v2.Signatures, s => s.Family == 6 && s.Model == 85 && s.Steppings is [5, 6, 7]);
        Assert.False(v2.DecodeGuest);
        Assert.Equal(CpuVendor.Intel, v2.Vendor);
        var v4 = db.Find(ModelDatabase.Libvirt11, "Haswell-v4")!;
        Assert.Equal("Haswell-noTSX-IBRS", v4.AliasOf);
        Assert.Equal(db.Find(ModelDatabase.Libvirt11, "Haswell-noTSX-IBRS")!.Features, v4.Features);
        Assert.True(v4.Order > db.Find(ModelDatabase.Libvirt11, "Haswell")!.Order);
        Assert.Contains(db.InCatalog(ModelDatabase.Libvirt9), m => !m.Removed.IsEmpty);
    }
}
