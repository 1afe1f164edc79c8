using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Tests.Backends;

public partial class XenBackendTests
{
    private static readonly FeatureDatabase Db = TestProfiles.Db;

    private static ProfileIr Profile(params string[] names) => new()
    {
        Name = "p",
        Features = Db.CloseUnderRequires(Db.SetOf(names)),
    };

    [Fact]
    public void Libxl_form_is_one_sorted_host_line_that_clears_what_the_profile_lacks()
    {
        var xen = TestTargets.Backend("xen");
        var text = xen.Emit(Profile("sse2", "avx"), TargetOptions.Defaults("xen"));
        var line = text.Split('\n').Single(l => l.StartsWith("cpuid = ", StringComparison.Ordinal));
        var value = LibxlValue().Match(line).Groups[1].Value;
        var tokens = value.Split(',');
        Assert.Equal("host", tokens[0]);
        Assert.Equal(tokens.Skip(1).Order(StringComparer.Ordinal), tokens.Skip(1));
        Assert.Contains("avx2=0", tokens);
        Assert.DoesNotContain(tokens, t => t.StartsWith("avx=", StringComparison.Ordinal));
        Assert.DoesNotContain(tokens, t => t.StartsWith("sse2=", StringComparison.Ordinal));
    }

    [Fact]
    public void The_clflush_feature_bit_is_clfsh_never_the_line_size_field()
    {
        var xen = TestTargets.Backend("xen");
        foreach (var release in new[] { "4.17.7", "4.22.0" })
        {
            var options = TestTargets.Options("xen", ("release", release));
            var without = xen.Emit(Profile("sse2"), options).Replace("sse2", string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain("clflush=", without, StringComparison.Ordinal);
            var lacking = new ProfileIr { Name = "p", Features = Db.SetOf("fpu") };
            Assert.Contains("clfsh=0", xen.Emit(lacking, options), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_profile_without_tsx_hides_it_as_the_spec_example_asks()
    {
        // profile safe = baseline(homelab) - {hle, rtm}: HLE/RTM carry Xen's `!`, but the toolstack's 0 is honoured.
        var xen = TestTargets.Backend("xen");
        var text = xen.Emit(Profile("sse2", "avx2"), TargetOptions.Defaults("xen"));
        Assert.Contains(",hle=0,", text, StringComparison.Ordinal);
        Assert.Contains(",rtm=0,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Opt_in_features_of_the_profile_are_forced_on()
    {
        var xen = TestTargets.Backend("xen");
        var movdiri = Db.Get("movdiri");
        var profile = new ProfileIr { Name = "p", Features = Db.CloseUnderRequires(FeatureSet.Of([movdiri, Db.Get("avx2")])) };
        Assert.Contains($"{movdiri.Spellings.XenFor("4.17.7")}=1", xen.Emit(profile, TargetOptions.Defaults("xen")), StringComparison.Ordinal);
    }

    [Fact]
    public void Xend_form_has_32_characters_per_register_bit_31_first()
    {
        var xen = TestTargets.Backend("xen");
        var text = xen.Emit(Profile("sse2", "xsave"), TestTargets.Options("xen", ("format", "xend")));
        var registers = XendRegister().Matches(text);
        Assert.NotEmpty(registers);
        Assert.All(registers, m => Assert.Equal(32, m.Groups["bits"].Value.Length));

        // AVX is CPUID.1:ECX[28]: character 31 - 28 = 3 of leaf 1's ecx string.
        var ecx = registers.Single(m => m.Groups["leaf"].Value == "0x1" && m.Groups["reg"].Value == "ecx").Groups["bits"].Value;
        Assert.Equal('0', ecx[31 - 28]);
        Assert.Equal('x', ecx[31 - 26]); // xsave: in the profile, on by default.
    }

    [Fact]
    public void Leaves_no_host_of_the_profile_has_are_left_alone()
    {
        // A profile without any leaf 7 subleaf 1 or 0x80000021 feature, derived from no host: Xen would refuse to
        // start the domain on a host without those leaves if the string touched them.
        var xen = TestTargets.Backend("xen");
        var profile = Profile("sse2", "avx2");
        var controllable = xen.Controllable(profile, TargetOptions.Defaults("xen"));
        Assert.DoesNotContain(Db.Expand(controllable), f => f.Xen!.Word is 10 or 11 or 12 or 13 or 15 or 18);
        Assert.Contains(Db.Get("avx512f").Index, controllable);
    }

    [Fact]
    public void Xsave_proves_leaf_7_exists_so_a_sandy_bridge_profile_still_clears_avx2()
    {
        // Sandy Bridge has no leaf 7 feature, but XSAVE means leaf 0xD exists, so leaf 7 does too.
        var xen = TestTargets.Backend("xen");
        var avx2 = Db.Get("avx2").Index;
        Assert.Contains(avx2, xen.Controllable(Profile("sse2", "xsave"), TargetOptions.Defaults("xen")));
        Assert.DoesNotContain(avx2, xen.Controllable(Profile("sse2"), TargetOptions.Defaults("xen")));
    }

    [Fact]
    public void Decodes_a_whole_xl_cfg()
    {
        var xen = TestTargets.Backend("xen");
        var cfg = "name = \"web01\"\nmemory = 2048\nvif = [ 'bridge=xenbr0' ]\n# masks\ncpuid = \"host,avx2=0\" ; \n";
        var decoded = xen.Decode(cfg, TargetOptions.Defaults("xen"));
        Assert.DoesNotContain(Db.Get("avx2").Index, decoded);
        Assert.Contains(Db.Get("avx").Index, decoded);
    }

    [Fact]
    public void Later_libxl_keys_win_and_legacy_names_are_understood()
    {
        var xen = TestTargets.Backend("xen");
        var decoded = xen.Decode("cpuid = \"host,avx2=0,avx2=x,sse4_1=0,family=0x19,clflush=8\"", TargetOptions.Defaults("xen"));
        Assert.Contains(Db.Get("avx2").Index, decoded);
        Assert.DoesNotContain(Db.Get("sse4.1").Index, decoded);
        Assert.Contains(Db.Get("clflush").Index, decoded);
    }

    [Theory]
    [InlineData("cpuid = \"avx=0\"", "CP0501", "avx=0")]
    [InlineData("cpuid = \"host,avx\"", "CP0501", "avx")]
    [InlineData("cpuid = \"host,avxx=0\"", "CP0502", "avxx")]
    [InlineData("cpuid = \"host,avx=maybe\"", "CP0504", "maybe")]
    [InlineData("cpuid = \"host,rdcl-no=0x1\"", "CP0504", "rdcl-no")]
    [InlineData("cpuid = [ \"0x1:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" ]", "CP0506", "31 characters")]
    [InlineData("cpuid = [ \"0x1:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxq\" ]", "CP0506", "`q`")]
    [InlineData("cpuid = [ \"0x1:esx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" ]", "CP0506", "esx")]
    [InlineData("cpuid = [ \"0x7:ebx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" ]", "CP0506", "needs a subleaf")]
    [InlineData("cpuid = [ \"zz:ebx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" ]", "CP0506", "zz")]
    [InlineData("cpuid = [ \"0x1 ecx\" ]", "CP0506", "no `:`")]
    [InlineData("cpuid = \"host", "CP0501", "not closed")]
    [InlineData("memory = 1024\n", "CP0501", "no `cpuid`")]
    [InlineData("cpuid = 12", "CP0501", "quoted string")]
    public void Rejects_bad_artifacts_naming_the_culprit(string artifact, string code, string named) =>
        DecoderAssert.Rejects(TestTargets.Backend("xen"), artifact, code, named);

    [GeneratedRegex("^cpuid = \"([^\"]*)\"$")]
    private static partial Regex LibxlValue();

    // One match per register string, each carrying the leaf of its quoted item.
    [GeneratedRegex("(?<=\"(?<leaf>0x[0-9a-f]+(,[0-9]+)?):(?:e[abcd]x=[01xks]{32},)*)(?<reg>e[abcd]x)=(?<bits>[01xks]*)")]
    private static partial Regex XendRegister();
}
