using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Backends.Nova;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Backends;

public class NovaBackendTests
{
    private static readonly FeatureDatabase Db = TestProfiles.Db;

    private static NovaBackend Backend => (NovaBackend)TestTargets.Backend("nova");

    private static TargetOptions Defaults => TargetOptions.Defaults("nova");

    private static TargetOptions Pin => TestTargets.Options("nova", ("traits", "pin"));

    private static ProfileIr Profile(params string[] names) => new()
    {
        Name = "p",
        Features = Db.CloseUnderRequires(Db.SetOf(names)),
        Vendor = CpuVendor.Intel,
    };

    [Fact]
    public void Emits_a_custom_section_with_signed_lower_case_flags_and_the_flavor_traits()
    {
        var profile = PeerProfiles.All().Single(p => p.Name == "haswell-sandy");
        var text = Backend.Emit(profile, Pin);
        var lines = text.Split('\n');
        Assert.Contains("[libvirt]", lines);
        Assert.Contains("cpu_mode = custom", lines);
        var flags = lines.Single(l => l.StartsWith("cpu_model_extra_flags = ", StringComparison.Ordinal))["cpu_model_extra_flags = ".Length..].Split(", ");
        Assert.All(flags, f => Assert.Matches("^[+-][a-z0-9._-]+$", f));
        Assert.Equal(flags.OrderBy(f => f[1..], StringComparer.Ordinal), flags);
        Assert.Contains("#   --property trait:HW_CPU_X86_AVX=required \\", lines);
        Assert.Contains("#   --property trait:HW_CPU_X86_AVX512F=forbidden \\", lines);
    }

    [Fact]
    public void Traits_none_writes_no_extra_specs_and_required_no_forbidden_ones()
    {
        var profile = PeerProfiles.All().Single(p => p.Name == "haswell-sandy");
        Assert.DoesNotContain("trait:", Backend.Emit(profile, TestTargets.Options("nova", ("traits", "none"))), StringComparison.Ordinal);
        var required = Backend.Emit(profile, Defaults);
        Assert.Contains("=required", required, StringComparison.Ordinal);
        Assert.DoesNotContain("=forbidden", required, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_traits_are_only_of_the_model_own_features_as_nova_matches_the_model_without_extra_flags()
    {
        // Haswell-noTSX lacks abm and f16c in libvirt's definition: the profile gets them from +flags, and a flavor
        // requiring their traits would make Nova look for another model ("No CPU model match traits").
        var profile = PeerProfiles.All().Single(p => p.Name == "haswell-sandy");
        var text = Backend.Emit(profile, Pin);
        var cpu = Backend.Read(text, Pin, "t");
        var definition = Db.Expand(cpu.Model.Features - cpu.Model.Removed).Select(f => f.Spellings.Libvirt).ToHashSet();
        foreach (var spec in cpu.Traits.Where(t => t.Value == "required"))
        {
            Assert.Contains(NovaTraits.All[spec.Trait], definition);
        }

        // Every required trait is reported by the node, no forbidden one is (the decoder checks both; CP0551 otherwise).
        Assert.All(cpu.Traits, t => Assert.Equal(t.Value == "required", cpu.ReportedTraits.Contains(t.Trait)));
    }

    [Fact]
    public void Reads_the_section_as_oslo_config_and_nova_do()
    {
        // Upper case and no sign (Nova lower-cases and requires), the deprecated cpu_model name, `:` as separator,
        // a continuation line, a trailing comma, the model in another case, and the last of two values winning.
        const string conf = "[DEFAULT]\ndebug = true\n\n[libvirt]\ncpu_mode = host-model\ncpu_mode: custom\ncpu_model = haswell-NOTSX\n"
            + "cpu_model_extra_flags = -AVX2, PCID,\n   +vmx,\n";
        var cpu = Backend.Read(conf, Defaults, "t");
        Assert.Equal("Haswell-noTSX", cpu.Model.Name);
        var features = Backend.Decode(conf, Defaults);
        Assert.False(features.Contains(Db.Get("avx2")));
        Assert.True(features.Contains(Db.Get("pcid")));
        Assert.True(features.Contains(Db.Get("vmx")));
        Assert.True(features.Contains(Db.Get("avx")));
    }

    [Theory]
    [InlineData("[libvirt]\ncpu_mode = maximum\ncpu_models = Haswell\n", "CP0550", "maximum")]
    [InlineData("[libvirt]\ncpu_mode = host-passthrough\ncpu_models = Haswell\n", "CP0550", "cpu_models")]
    [InlineData("[libvirt]\ncpu_mode = custom\n", "CP0550", "cpu_models")]
    [InlineData("[libvirt]\ncpu_mode = custom\ncpu_models = Haswell-v4\n", "CP0550", "Haswell-v4")]
    [InlineData("[libvirt]\ncpu_mode = custom\ncpu_models = Haswell\ncpu_model_extra_flags = +avx2, -AVX2\n", "CP0550", "avx2")]
    [InlineData("[libvirt]\ncpu_mode = custom\ncpu_models = Haswell\ncpu_model_extra_flags = +avx2,,-hle\n", "CP0550", "names no feature")]
    [InlineData("[libvirt]\ncpu_mode = custom\ncpu_models = Haswell\ncpu_model_extra_flags = +avx3\n", "CP0502", "avx3")]
    [InlineData("[libvirt]\ncpu_mode = host-model\n", "CP0505", "host-model")]
    [InlineData("[libvirt]\ncpu_models = Haswell\n", "CP0505", "cpu_mode")]
    [InlineData("[DEFAULT]\ncpu_mode = custom\n", "CP0501", "[libvirt]")]
    [InlineData("cpu_mode = custom\n", "CP0501", "before any section")]
    [InlineData("[libvirt\ncpu_mode = custom\n", "CP0501", "]")]
    [InlineData("[libvirt]\ncpu_mode custom\n", "CP0501", "=")]
    [InlineData("[libvirt]\ncpu_mode = custom\ncpu_models = Haswell\n# --property trait:HW_CPU_X86_AVX2=maybe\n", "CP0504", "maybe")]
    [InlineData("[libvirt]\ncpu_mode = custom\ncpu_models = Haswell\n# --property trait:HW_CPU_X86_AVX9=required\n", "CP0504", "HW_CPU_X86_AVX9")]
    [InlineData("[libvirt]\ncpu_mode = custom\ncpu_models = Haswell\n# --property trait:HW_CPU_X86_AVX=forbidden\n", "CP0551", "HW_CPU_X86_AVX")]
    [InlineData("[libvirt]\ncpu_mode = custom\ncpu_models = Haswell\ncpu_model_extra_flags = +avx512f\n# --property trait:HW_CPU_X86_AVX512F=required\n", "CP0551", "No CPU model match traits")]
    public void Refuses_what_nova_refuses(string conf, string code, string named) =>
        DecoderAssert.Rejects(Backend, conf, code, named);

    [Fact]
    public void A_flavor_trait_picks_the_first_model_that_has_it_as_nova_does()
    {
        const string conf = "[libvirt]\ncpu_mode = custom\ncpu_models = IvyBridge, Haswell, Skylake-Client\n";
        Assert.Equal("IvyBridge", Backend.Read(conf, Defaults, "t").Model.Name);
        var withAvx2 = conf + "# openstack flavor set f --property trait:HW_CPU_X86_AVX2=required\n";
        Assert.Equal("Haswell", Backend.Read(withAvx2, Defaults, "t").Model.Name);
        Assert.True(Backend.Decode(withAvx2, Defaults).Contains(Db.Get("avx2")));

        // Nova inverts its trait mapping, and vmx's pair of traits inverts to a tuple key no trait equals: requiring
        // the vmx trait leaves the model alone (the node still has to report it: IvyBridge,+vmx does).
        var vmx = "[libvirt]\ncpu_mode = custom\ncpu_models = IvyBridge\ncpu_model_extra_flags = +vmx\n# --property trait:HW_CPU_X86_VMX=required\n";
        Assert.Equal("IvyBridge", Backend.Read(vmx, Defaults, "t").Model.Name);
    }

    [Fact]
    public void Traits_pin_refuses_a_named_model_whose_trait_the_profile_lacks()
    {
        var profile = Profile("avx2", "pclmulqdq");
        var e = Assert.Throws<DiagnosticException>(() => Backend.Emit(profile, TestTargets.Options("nova", ("model", "Haswell"), ("traits", "pin"))));
        Assert.Equal("CP0552", e.Diagnostic.Code);
        Assert.Contains("`aes`", e.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("cpu_models = Haswell", Backend.Emit(profile, TestTargets.Options("nova", ("model", "Haswell"), ("traits", "required"))), StringComparison.Ordinal);
    }

    /// <summary>
    /// Under <c>traits pin</c> the nodes report exactly the traits of the profile's features (so another profile's flavor
    /// cannot land on them by a trait the guest lacks); a refusal happens only when the model <c>traits required</c>
    /// picks would report a trait of a feature the profile lacks.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Pinned_nodes_report_only_the_profile_traits()
    {
        var pin = Pin;
        var required = Defaults;
        return Prop.ForAll(TestProfiles.Arbitrary(), profile =>
        {
            var has = Db.Expand(profile.Features).Select(f => f.Spellings.Libvirt).OfType<string>().ToHashSet(StringComparer.Ordinal);
            string text;
            try
            {
                text = Backend.Emit(profile, pin);
            }
            catch (DiagnosticException e) when (e.Diagnostic.Code == "CP0552")
            {
                var fallback = Backend.Read(Backend.Emit(profile, required), required, "t");
                Assert.Contains(fallback.ReportedTraits, t => !has.Contains(NovaTraits.All[t]!));
                return;
            }
            catch (DiagnosticException e) when (e.Diagnostic.Code == "CP0510")
            {
                return;
            }

            var cpu = Backend.Read(text, pin, "t");
            Assert.All(cpu.ReportedTraits, t => Assert.Contains(NovaTraits.All[t]!, has));
        });
    }

    [Fact]
    public void Migrate_reads_a_nova_artifact_as_the_vm_cpu()
    {
        var profile = PeerProfiles.All().Single(p => p.Name == "skylake-icelake");
        var text = Backend.Emit(profile, Defaults);
        Assert.True(Backend.Recognize(text));
        Assert.Equal(VmCpuKind.Nova, VmCpuReader.Sniff(text, "t", TestTargets.Registry));
        foreach (var other in TestTargets.Registry.All.Where(b => b.Name != "nova"))
        {
            Assert.False(other.Recognize(text), $"{other.Name} claims a nova artifact");
        }
    }
}
