using System.Globalization;
using System.Text;
using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Inventory;

/// <summary>Each reader on small inline inputs, and the raw formats against each other on a real dump.</summary>
public class ReaderTests
{
    // Core i7-8700 (family 6 model 158 stepping 10) from libvirt's test data, cut down to five leaves.
    private const string Dump = """
        CPU:
           0x00000000 0x00: eax=0x00000016 ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69
           0x00000001 0x00: eax=0x000906ea ebx=0x01100800 ecx=0x7ffafbff edx=0xbfebfbff
           0x00000007 0x00: eax=0x00000000 ebx=0x029c6fbf ecx=0x40000000 edx=0x9c000000
           0x80000000 0x00: eax=0x80000001 ebx=0x00000000 ecx=0x00000000 edx=0x00000000
           0x80000001 0x00: eax=0x00000000 ebx=0x00000000 ecx=0x00000121 edx=0x2c100800
        """;

    private static FeatureDatabase Db => FeatureDatabase.Default;

    [Fact]
    public void Cpuid_dump_gives_vendor_signature_and_features()
    {
        var host = InventoryReader.Parse(Dump, "i7.txt");
        Assert.Equal(InventoryFormat.CpuidDump, host.Format);
        Assert.Equal(CpuVendor.Intel, host.Vendor);
        Assert.Equal((6, 158, 10), (host.Family!.Value, host.Model!.Value, host.Stepping!.Value));
        Assert.True(Db.SetOf("avx2", "sse4.2", "lm", "vmx", "rtm", "spec-ctrl").IsSubsetOf(host.Features), host.Features.ToString());
        Assert.DoesNotContain(Db.Get("avx512f").Index, host.Features);
        Assert.Contains(Db.Get("avx512f").Index, host.Knowable);
        Assert.NotNull(host.Raw);
        Assert.Equal(5, host.Raw!.Leaves.Count);
    }

    [Fact]
    public void Leaves_beyond_the_highest_leaf_do_not_count()
    {
        // Leaf 0 says the highest basic leaf is 1: the leaf-7 line is stale data, and its bits are unknown.
        var dump = Dump.Replace("eax=0x00000016", "eax=0x00000001", StringComparison.Ordinal);
        var host = InventoryReader.Parse(dump, "i7.txt");
        Assert.DoesNotContain(Db.Get("avx2").Index, host.Features);
        Assert.DoesNotContain(Db.Get("avx2").Index, host.Knowable);
        Assert.Contains(Db.Get("sse4.2").Index, host.Features);
    }

    [Fact]
    public void Cpuid_dump_of_several_cpus_reads_cpu_0()
    {
        var cpu0 = Dump.Replace("CPU:", "CPU 0:", StringComparison.Ordinal);
        var cpu1 = Dump.Replace("CPU:", "CPU 1:", StringComparison.Ordinal).Replace("ecx=0x40000000", "ecx=0x00000000", StringComparison.Ordinal);
        var host = InventoryReader.Parse(cpu0 + "\n" + cpu1 + "\n", "all.txt");
        Assert.Equal(InventoryReader.Parse(Dump, "one.txt").Features, host.Features);
    }

    [Fact]
    public void Cpuid_dump_libvirt_data_and_probe_of_one_cpu_agree()
    {
        var xml = RepoData.Require("libvirt-11.3.0/cputestdata/x86_64-cpuid-Ice-Lake-Server.xml");
        var fromXml = InventoryReader.Read(xml);
        var raw = fromXml.Raw!;

        var dump = new StringBuilder("CPU:\n");
        var probe = new StringBuilder("[    0.000000] Linux version 6.1.0\ncpupolicy-probe v1\n");
        foreach (var l in raw.Leaves)
        {
            dump.Append("   ").Append(l.ToString()).Append('\n');
            probe.Append(CultureInfo.InvariantCulture, $"cpuid {l.Leaf:x8} {l.Subleaf:x8} {l.Eax:x8} {l.Ebx:x8} {l.Ecx:x8} {l.Edx:x8}\n");
        }

        foreach (var m in raw.Msrs)
        {
            probe.Append(CultureInfo.InvariantCulture, $"msr {m.Index:x8} {m.Value:x16}\n");
        }

        probe.Append("end\nreboot: Power down\n");

        var fromDump = InventoryReader.Parse(dump.ToString(), "ice.txt");
        var fromProbe = InventoryReader.Parse(probe.ToString(), "ice.probe");
        Assert.Equal(InventoryFormat.Probe, fromProbe.Format);
        Assert.Equal(fromXml.Features, fromProbe.Features);
        Assert.Equal(raw.Leaves, fromProbe.Raw!.Leaves);
        Assert.Equal(raw.Msrs, fromProbe.Raw.Msrs);

        // cpuid -r has no MSRs: it agrees on every CPUID feature and cannot speak about MSR ones.
        var msrFeatures = FeatureSet.Of(Db.Features.Where(f => f.Location.IsMsr));
        Assert.Equal(fromXml.Features - msrFeatures, fromDump.Features);
        Assert.Empty(fromDump.Knowable & msrFeatures);
        Assert.Contains(Db.Get("arch-capabilities").Index, fromXml.Features);
        Assert.False((fromXml.Features & msrFeatures).IsEmpty, "Ice Lake's MSR 0x10a sets some ARCH_CAPABILITIES bits");
    }

    [Fact]
    public void Libvirt_host_cpu_expands_its_model_and_applies_policies()
    {
        const string text = """
            <cpu>
              <arch>x86_64</arch>
              <model>Skylake-Client-IBRS</model>
              <vendor>Intel</vendor>
              <signature family='6' model='158' stepping='10'/>
              <feature name='vmx'/>
              <feature name='hle' policy='disable'/>
            </cpu>
            """;
        var host = InventoryReader.Parse(text, "cpu.xml");
        var model = ModelDatabase.Default.Find(ModelDatabase.Libvirt9, "Skylake-Client-IBRS")!;
        Assert.Equal(InventoryFormat.LibvirtHostCpu, host.Format);
        Assert.Equal("Skylake-Client-IBRS", host.StatedModel);
        Assert.Equal(ModelDatabase.Libvirt9, host.StatedModelCatalog);
        Assert.Equal((model.Features | Db.SetOf("vmx")) - Db.SetOf("hle"), host.Features);
        Assert.Equal((6, 158, 10), (host.Family!.Value, host.Model!.Value, host.Stepping!.Value));
        Assert.Equal(CpuVendor.Intel, host.Vendor);
    }

    [Fact]
    public void A_model_only_libvirt_11_defines_is_expanded_through_11()
    {
        var host = InventoryReader.Parse("<cpu><model>Skylake-Client-v2</model></cpu>", "cpu.xml");
        Assert.Equal(ModelDatabase.Libvirt11, host.StatedModelCatalog);
        Assert.Equal(ModelDatabase.Default.Find(ModelDatabase.Libvirt11, "Skylake-Client-v2")!.Features, host.Features);
        Assert.Equal(CpuVendor.Intel, host.Vendor);
    }

    [Fact]
    public void Virsh_capabilities_and_domcapabilities_are_read()
    {
        const string caps = """
            <capabilities>
              <host>
                <uuid>00000000-0000-0000-0000-000000000000</uuid>
                <cpu>
                  <arch>x86_64</arch>
                  <model>Haswell-noTSX-IBRS</model>
                  <vendor>Intel</vendor>
                  <feature name='vmx'/>
                </cpu>
              </host>
              <guest><os_type>hvm</os_type></guest>
            </capabilities>
            """;
        const string domcaps = """
            <domainCapabilities>
              <cpu>
                <mode name='host-passthrough' supported='yes'/>
                <mode name='host-model' supported='yes'>
                  <model fallback='forbid'>Haswell-noTSX-IBRS</model>
                  <vendor>Intel</vendor>
                  <feature policy='require' name='vmx'/>
                  <feature policy='disable' name='avx2'/>
                </mode>
                <mode name='custom' supported='yes'><model usable='yes'>qemu64</model></mode>
              </cpu>
            </domainCapabilities>
            """;
        var fromCaps = InventoryReader.Parse(caps, "caps.xml");
        var fromDomcaps = InventoryReader.Parse(domcaps, "domcaps.xml");
        Assert.Equal("Haswell-noTSX-IBRS", fromCaps.StatedModel);
        Assert.Equal(fromCaps.Features - Db.SetOf("avx2"), fromDomcaps.Features);
    }

    [Fact]
    public void Unknown_libvirt_feature_is_a_warning_and_unknown_model_an_error()
    {
        var host = InventoryReader.Parse("<cpu>\n  <feature name='avx2'/>\n  <feature name='no-such-feature'/>\n</cpu>", "cpu.xml");
        Assert.Equal(Db.SetOf("avx2"), host.Features);
        var warning = Assert.Single(host.Warnings);
        Assert.Equal("CP0407", warning.Code);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal(3, warning.Span.Line);

        var e = Assert.Throws<DiagnosticException>(() => InventoryReader.Parse("<cpu>\n  <model>Skylake-Clent</model>\n</cpu>", "cpu.xml"));
        Assert.Equal("CP0406", e.Diagnostic.Code);
        Assert.Equal(2, e.Diagnostic.Span.Line);
        Assert.Contains("Skylake-Client", e.Diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Proc_cpuinfo_reads_the_first_processor_and_warns_about_synthetic_flags()
    {
        const string text = """
            processor	: 0
            vendor_id	: AuthenticAMD
            cpu family	: 23
            model		: 49
            model name	: AMD EPYC 7302 16-Core Processor
            stepping	: 0
            flags		: fpu vme sse2 avx2 constant_tsc rep_good sse4_1 lahf_lm
            bugs		: sysret_ss_attrs spectre_v1

            processor	: 1
            vendor_id	: AuthenticAMD
            flags		: fpu
            """;
        var host = InventoryReader.Parse(text, "cpuinfo");
        Assert.Equal(InventoryFormat.ProcCpuinfo, host.Format);
        Assert.Equal(CpuVendor.Amd, host.Vendor);
        Assert.Equal((23, 49, 0), (host.Family!.Value, host.Model!.Value, host.Stepping!.Value));
        Assert.Equal(Db.SetOf("fpu", "vme", "sse2", "avx2", "sse4.1", "lahf-lm"), host.Features);
        var warning = Assert.Single(host.Warnings);
        Assert.Equal("CP0407", warning.Code);
        Assert.Equal(7, warning.Span.Line);
        Assert.Contains("constant_tsc", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xen_featureset_round_trips_through_every_shape()
    {
        var wanted = Db.Features.Where(f => f.Xen is not null && f.Name is "avx2" or "sse4.2" or "fpu" or "lm" or "avx512f" or "nx").ToList();
        Assert.Equal(6, wanted.Count);
        var words = new uint[Db.Features.Where(f => f.Xen is not null).Max(f => f.Xen!.Word) + 1];
        foreach (var f in wanted)
        {
            words[f.Xen!.Word] |= 1u << f.Xen.Bit;
        }

        var dashed = string.Join('-', words.Select(w => w.ToString("x8", CultureInfo.InvariantCulture)));
        var expected = FeatureSet.Of(wanted);

        var bare = InventoryReader.Parse(dashed + "\n", "fs.txt");
        Assert.Equal(InventoryFormat.XenFeatureset, bare.Format);
        Assert.Equal(expected, bare.Features);
        Assert.Equal(CpuVendor.Unknown, bare.Vendor);
        Assert.Empty(bare.Warnings);

        var colons = InventoryReader.Parse(dashed.Replace('-', ':'), "fs.txt");
        Assert.Equal(expected, colons.Features);

        var xenCpuid = $"Raw                             {new string('f', 8)}:{new string('f', 8)}:00000000:00000000\nHost                            {dashed.Replace('-', ':')}\n  [00] CPUID 0x00000001.edx     fpu\n";
        Assert.Equal(expected, InventoryReader.Parse(xenCpuid, "xen-cpuid.txt").Features);

        var cpuInfo = $"cpu_count: 8; socket_count: 1; vendor: AuthenticAMD; speed: 2994.374; modelname: AMD EPYC; family: 23; model: 49; stepping: 0; flags: fpu de; features_pv: ffffffff-ffffffff; features_hvm: ffffffff-ffffffff-ffffffff; features_hvm_host: {dashed}; features_pv_host: 00000000";
        var fromCpuInfo = InventoryReader.Parse(cpuInfo, "cpu_info.txt");
        Assert.Equal(expected, fromCpuInfo.Features);
        Assert.Equal(CpuVendor.Amd, fromCpuInfo.Vendor);
        Assert.Equal((23, 49, 0), (fromCpuInfo.Family!.Value, fromCpuInfo.Model!.Value, fromCpuInfo.Stepping!.Value));
    }

    [Fact]
    public void Xen_featureset_bits_no_release_names_are_a_warning()
    {
        var words = Enumerable.Repeat("00000000", 30).ToArray();
        words[29] = "80000000";
        var host = InventoryReader.Parse(string.Join('-', words), "fs.txt");
        Assert.True(host.Features.IsEmpty);
        Assert.Equal("CP0416", Assert.Single(host.Warnings).Code);
    }

    [Fact]
    public void Kubevirt_node_yaml_and_json_agree()
    {
        const string yaml = """
            apiVersion: v1
            kind: Node
            metadata:
              name: node-1
              labels:
                kubernetes.io/hostname: node-1
                cpu-feature.node.kubevirt.io/avx2: "true"
                cpu-feature.node.kubevirt.io/sse4.2: "true"
                cpu-feature.node.kubevirt.io/vmx: "false"
                host-model-required-features.node.kubevirt.io/ssbd: "true"
                cpu-feature.node.kubevirt.io/made-up-feature: "true"
                cpu-model.node.kubevirt.io/Haswell-noTSX: "true"
                cpu-vendor.node.kubevirt.io/Intel: "true"
                host-model-cpu.node.kubevirt.io/Skylake-Client-IBRS: "true"
            status:
              capacity: {cpu: "8"}
            """;
        const string json = """
            {
                "apiVersion": "v1",
                "items": [
                    {
                        "kind": "Node",
                        "metadata": {
                            "labels": {
                                "cpu-feature.node.kubevirt.io/avx2": "true",
                                "cpu-feature.node.kubevirt.io/sse4.2": "true",
                                "cpu-feature.node.kubevirt.io/vmx": "false",
                                "host-model-required-features.node.kubevirt.io/ssbd": "true",
                                "cpu-vendor.node.kubevirt.io/Intel": "true",
                                "host-model-cpu.node.kubevirt.io/Skylake-Client-IBRS": "true"
                            }
                        }
                    }
                ],
                "kind": "List"
            }
            """;
        var fromYaml = InventoryReader.Parse(yaml, "node.yaml");
        var fromJson = InventoryReader.Parse(json, "node.json");
        Assert.Equal(InventoryFormat.KubevirtNode, fromYaml.Format);
        Assert.Equal(InventoryFormat.KubevirtNode, fromJson.Format);
        Assert.Equal(Db.SetOf("avx2", "sse4.2", "ssbd"), fromYaml.Features);
        Assert.Equal(fromYaml.Features, fromJson.Features);
        Assert.Equal(CpuVendor.Intel, fromJson.Vendor);
        Assert.Equal("Skylake-Client-IBRS", fromJson.StatedModel);
        Assert.Null(fromYaml.Family);
        var warning = Assert.Single(fromYaml.Warnings);
        Assert.Equal("CP0407", warning.Code);
        Assert.Equal(11, warning.Span.Line);
        Assert.Empty(fromJson.Warnings);
    }

    [Fact]
    public void Probe_reads_between_header_and_end()
    {
        const string text = """
            SeaBIOS (version 1.16.2)
            cpupolicy-probe v1
            # Core i7-8700, leaf 0 and 1 only

            cpuid 00000000 00000000 00000016 756e6547 6c65746e 49656e69
            cpuid 00000001 00000000 000906ea 01100800 7ffafbff bfebfbff
            msr 0000010a 0000000000000000
            end
            [   12.0] reboot: Power down
            """;
        var host = InventoryReader.Parse(text, "serial.log");
        Assert.Equal(InventoryFormat.Probe, host.Format);
        Assert.Equal(CpuVendor.Intel, host.Vendor);
        Assert.Equal(158, host.Model);
        Assert.Contains(Db.Get("sse4.2").Index, host.Features);
        Assert.DoesNotContain(Db.Get("avx2").Index, host.Knowable);
        Assert.Contains(Db.Get("rdctl-no").Index, host.Knowable);
        Assert.Equal(2, host.Raw!.Leaves.Count);
        Assert.Single(host.Raw.Msrs);
    }
}
