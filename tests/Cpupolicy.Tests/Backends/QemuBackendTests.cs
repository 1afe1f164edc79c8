using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Tests.Backends;

public class QemuBackendTests
{
    private static readonly FeatureDatabase Db = TestProfiles.Db;

    private static FeatureSet Decode(string cpu) => TestTargets.Backend("qemu").Decode(cpu, TargetOptions.Defaults("qemu"));

    [Fact]
    public void Emits_a_versioned_model_sorted_tokens_and_enforce()
    {
        var profile = new ProfileIr { Name = "p", Features = Db.CloseUnderRequires(Db.SetOf("avx2", "aes")), Vendor = CpuVendor.Intel };
        var text = TestTargets.Backend("qemu").Emit(profile, TargetOptions.Defaults("qemu"));
        Assert.StartsWith("-cpu ", text, StringComparison.Ordinal);
        Assert.EndsWith(",enforce\n", text, StringComparison.Ordinal);
        var tokens = text.Trim()["-cpu ".Length..].Split(',');
        Assert.Matches("-v[0-9]+$", tokens[0]);
        var features = tokens[1..^1];
        Assert.All(features, t => Assert.Matches("^[+-]", t));
        Assert.Equal(features.Select(t => t[1..]).Order(StringComparer.Ordinal), features.Select(t => t[1..]));
    }

    [Fact]
    public void Names_the_features_whose_default_depends_on_the_accelerator()
    {
        var profile = new ProfileIr { Name = "p", Features = Db.CloseUnderRequires(Db.SetOf("avx2", "vme")), Vendor = CpuVendor.Intel };
        var tokens = TestTargets.Backend("qemu").Emit(profile, TargetOptions.Defaults("qemu")).Trim().Split(',');
        Assert.Contains("+vme", tokens);
        foreach (var off in new[] { "x2apic", "monitor", "svm", "acpi", "kvm-pv-eoi", "kvmclock" })
        {
            if (Db.Find(off)?.Spellings.Qemu is { } name)
            {
                Assert.Contains($"-{name}", tokens);
            }
        }
    }

    [Fact]
    public void Honours_qemus_precedence_kv_then_plus_then_minus()
    {
        var avx2 = Db.Get("avx2").Index;
        Assert.Contains(avx2, Decode("Haswell-v1,avx2=off,+avx2"));
        Assert.DoesNotContain(avx2, Decode("-cpu Haswell-v1,-avx2,avx2=on"));
        Assert.DoesNotContain(avx2, Decode("-cpu 'Haswell-v1,+avx2,-avx2'"));
        Assert.Contains(avx2, Decode("Haswell-v1,avx2=off,avx2=on"));
        Assert.Contains(Db.Get("sse4.1").Index, Decode("base,sse4_1=on"));
    }

    [Fact]
    public void Unversioned_names_mean_what_pc_i440fx_7_2_makes_them()
    {
        Assert.Equal(Decode("Haswell-v1"), Decode("Haswell"));
        Assert.Equal(Decode("Haswell-v2"), Decode("Haswell-noTSX"));
    }

    [Theory]
    [InlineData("-cpu host", "CP0505", "host")]
    [InlineData("-cpu Haswel-v1", "CP0503", "Haswel-v1")]
    [InlineData("-cpu Haswell-v1,+avx9", "CP0502", "avx9")]
    [InlineData("-cpu Haswell-v1,avx2=maybe", "CP0504", "maybe")]
    [InlineData("-cpu Haswell-v1,,+avx2", "CP0501", "empty")]
    [InlineData("-cpu +avx2", "CP0501", "model")]
    [InlineData("-cpu Haswell-v1, +avx2", "CP0501", "blank")]
    [InlineData("", "CP0501", "empty")]
    public void Rejects_bad_cpu_strings_naming_the_token(string artifact, string code, string named) =>
        DecoderAssert.Rejects(TestTargets.Backend("qemu"), artifact, code, named);

    [Fact]
    public void Non_feature_properties_are_accepted()
    {
        Assert.Equal(Decode("Haswell-v1"), Decode("Haswell-v1,vendor=GenuineIntel,model-id=x,phys-bits=46,hv-relaxed=on,check,enforce"));
    }
}
