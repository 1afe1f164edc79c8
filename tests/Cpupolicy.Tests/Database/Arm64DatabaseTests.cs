using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Generator;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Database;

public sealed class Arm64DatabaseTests
{
    private static readonly Arm64Database Db = Arm64Database.Default;

    [Fact]
    public void Regenerating_aarch64_json_from_data_linux_gives_the_checked_in_file()
    {
        var fresh = DatabaseGenerator.GenerateAarch64(Path.Combine(RepoData.RepoRoot, RepoPaths.SourceDataFolder));
        var checkedIn = File.ReadAllText(Path.Combine(RepoData.RepoRoot, RepoPaths.DataFolder, GeneratedFiles.Aarch64FileName));
        Assert.True(fresh == checkedIn, "aarch64.json differs from a fresh regeneration; run `dotnet run --project compiler/Cpupolicy.Generator -- --aarch64` and review the diff");
    }

    [Theory]
    [InlineData("asimddp", "ID_AA64ISAR0_EL1", "DP", 1)]
    [InlineData("atomics", "ID_AA64ISAR0_EL1", "ATOMIC", 2)]
    [InlineData("sve", "ID_AA64PFR0_EL1", "SVE", 1)]
    [InlineData("fp", "ID_AA64PFR0_EL1", "FP", 0)]
    [InlineData("fphp", "ID_AA64PFR0_EL1", "FP", 1)]
    [InlineData("ID_AA64MMFR1_EL1.VH", "ID_AA64MMFR1_EL1", "VH", 1)]
    [InlineData("ID_AA64MMFR1_EL1.PAN.PAN2", "ID_AA64MMFR1_EL1", "PAN", 2)]
    public void Features_are_named_by_hwcap_else_by_register_and_field(string name, string register, string field, int level)
    {
        var f = Db.Find(name);
        Assert.NotNull(f);
        Assert.Equal(register, f.Primary.Field.Register);
        Assert.Equal(field, f.Primary.Field.Name);
        Assert.Equal(level, f.Primary.Level);
    }

    [Fact]
    public void A_higher_level_requires_the_lower_ones_and_sve_fields_require_sve()
    {
        Assert.Contains(Db.Find("aes")!.Index, Db.Find("pmull")!.RequiresAll);
        Assert.Contains(Db.Find("sha2")!.Index, Db.Find("sha512")!.RequiresAll);
        Assert.Contains(Db.Find("sve")!.Index, Db.Find("sve2")!.RequiresAll);
        Assert.Contains(Db.Find("fp")!.Index, Db.Find("fphp")!.RequiresAll);
    }

    [Fact]
    public void The_minimum_of_signed_fields_is_signed_not_a_bitwise_and()
    {
        var fp = Db.FindField("ID_AA64PFR0_EL1.FP")!;
        // FP = 0xF (not implemented) on one CPU, 0x1 (FP16) on the other: the minimum is "not implemented".
        var a = Arm64Levels.FromRegisters(new Dictionary<string, ulong> { ["ID_AA64PFR0_EL1"] = 0xFUL << 16 }, Db);
        var b = Arm64Levels.FromRegisters(new Dictionary<string, ulong> { ["ID_AA64PFR0_EL1"] = 0x1UL << 16 }, Db);
        Assert.Equal(-1, a.Minimum(b).Get(fp));
        Assert.DoesNotContain(Db.Find("fp")!.Index, a.Minimum(b).Features);
        Assert.Contains(Db.Find("fphp")!.Index, b.Features);
    }

    [Fact]
    public void The_minimum_takes_the_lower_level_of_each_field()
    {
        var isar0 = Db.Registers.Single(r => r == "ID_AA64ISAR0_EL1");
        var n1 = Arm64Levels.FromRegisters(new Dictionary<string, ulong> { [isar0] = 0x0000100010211120 }, Db);
        var sha512 = Arm64Levels.FromRegisters(new Dictionary<string, ulong> { [isar0] = 0x0000000000002000 }, Db);
        var min = n1.Minimum(sha512);
        Assert.Equal(1, min.Get(Db.FindField("ID_AA64ISAR0_EL1.SHA2")!));
        Assert.Equal(0, min.Get(Db.FindField("ID_AA64ISAR0_EL1.DP")!));
        Assert.Equal(min, sha512.Minimum(n1));
    }

    [Fact]
    public void Midr_names_come_from_cputype()
    {
        var kunpeng = Arm64Midr.FromValue(0x481fd010);
        Assert.Equal("HiSilicon Kunpeng-920 (TSV110) r1p0", kunpeng.Describe(Db));
        Assert.Equal(CpuVendor.HiSilicon, Db.VendorOf(kunpeng.Implementer));
        Assert.Equal("ARM Neoverse-N1 r4p1", Arm64Midr.FromValue(0x414fd0c1).Describe(Db));
        Assert.Equal(0x414fd0c1UL, Arm64Midr.FromValue(0x414fd0c1).Value);
    }
}
