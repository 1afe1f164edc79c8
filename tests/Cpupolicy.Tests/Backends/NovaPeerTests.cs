using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Backends.Nova;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// Nova 26's own code judges each nova artifact (Peers/nova_guest_cpu.py, on Debian's python3-nova, python3-oslo.config,
/// python3-os-traits and python3-libvirt; no virtual environment, as the Python index is not reachable): oslo.config
/// loads the section with Nova's option definitions, the libvirt driver builds the guest <c>&lt;cpu&gt;</c> for the
/// flavor's required traits and lists the traits the node reports. The real libvirt 9.0.0 turns that <c>&lt;cpu&gt;</c>
/// into a QEMU <c>-cpu</c>, and the real QEMU expands it to exactly the profile, as for the libvirt backend.
/// </summary>
public partial class NovaPeerTests(QemuFixture qemu) : IClassFixture<QemuFixture>
{
    private const string Python = "/usr/bin/python3";

    private static NovaBackend Backend => (NovaBackend)TestTargets.Backend("nova");

    [SkippableFact]
    public void Nova_builds_from_each_artifact_a_cpu_that_libvirt_and_qemu_make_exactly_the_profile()
    {
        RequireNova();
        Peers.RequireQemu();
        var daemon = LibvirtSessionDaemon.Get();
        var problems = new List<string>();
        foreach (var profile in PeerProfiles.All())
        {
            // `traits pin` where the profile allows it (forbidden traits checked too), else the default `traits required`.
            var options = TestTargets.Options("nova", ("traits", "pin"));
            string artifact;
            try
            {
                artifact = Backend.Emit(profile, options);
            }
            catch (DiagnosticException e) when (e.Diagnostic.Code == "CP0552")
            {
                options = TestTargets.Options("nova", ("traits", "required"));
                artifact = Backend.Emit(profile, options);
            }

            var ours = Backend.Read(artifact, options, profile.Name);
            var required = ours.Traits.Where(t => t.Value == "required").Select(t => t.Trait).ToList();
            var (code, nova, stderr) = RunNova(artifact, required);
            Assert.True(code == 0, $"{profile.Name}: Nova refused the artifact: {stderr}\n{artifact}");

            // The model Nova picks for the flavor, and the traits it reports, are the decoder's.
            Assert.Equal(ours.Model.Name, nova["model"]!.GetValue<string>());
            var reported = nova["traits"]!.AsArray().Select(t => t!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(ours.ReportedTraits.Order(StringComparer.Ordinal), reported.Order(StringComparer.Ordinal));
            Assert.All(ours.Traits, t => Assert.Equal(t.Value == "required", reported.Contains(t.Trait)));

            var argv = daemon.DomxmlToNative(
                "<domain type='qemu'><name>cpupolicy</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os>" + nova["xml"]!.GetValue<string>() + "</domain>");
            var parsed = CpuArgument.Parse(CpuFlag().Match(argv).Groups[1].Value);
            var expansion = qemu.Expander.ExpandFull(parsed.Model, parsed.Props);
            problems.AddRange(QemuPeerTests.Compare(profile.Name, profile.Features, Backend.Controllable(profile, options),
                f => expansion.GetValueOrDefault(f.Spellings.Qemu!)));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableTheory]
    [InlineData("[libvirt]\ncpu_mode = bogus\n", 3)] // oslo.config: not one of the option's choices
    [InlineData("[libvirt]\ncpu_mode = custom\ncpu_models = Haswell-v4\n", 4)] // the driver: libvirt 9.0.0 lists no such model
    [InlineData("[libvirt]\ncpu_mode = host-model\ncpu_models = Haswell\n", 4)] // the driver: cpu_models without custom
    public void Nova_refuses_what_the_decoder_refuses_with_CP0550(string conf, int novaExit)
    {
        RequireNova();
        Assert.Equal(novaExit, RunNova(conf, []).Code);
        DecoderAssert.Rejects(Backend, conf, "CP0550");
    }

    /// <summary>The facts docs/nova.md states about Nova 26's traits, each checked on Nova's own code.</summary>
    [SkippableFact]
    public void Nova_reports_and_matches_traits_as_the_decoder_says()
    {
        RequireNova();
        var options = TargetOptions.Defaults("nova");

        // A `-` flag still reports its trait, flags are lower-cased, and the reported traits are the decoder's.
        const string disabled = "[libvirt]\ncpu_mode = custom\ncpu_models = Haswell\ncpu_model_extra_flags = -avx512f, +SSE4A\n";
        var (_, nova, _) = RunNova(disabled, []);
        var reported = nova["traits"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Contains("HW_CPU_X86_AVX512F", reported);
        Assert.Contains("HW_CPU_X86_SSE4A", reported);
        Assert.Equal(Backend.Read(disabled, options, "t").ReportedTraits.Order(StringComparer.Ordinal), reported);
        Assert.Contains("<feature name=\"sse4a\" policy=\"require\"/>", nova["xml"]!.GetValue<string>(), StringComparison.Ordinal);

        // Required traits pick the first model that has their features, extra flags not counted; vmx's traits pick nothing.
        const string two = "[libvirt]\ncpu_mode = custom\ncpu_models = IvyBridge, Haswell\ncpu_model_extra_flags = +avx512f\n";
        Assert.Equal("Haswell", RunNova(two, ["HW_CPU_X86_AVX2"]).Json["model"]!.GetValue<string>());
        Assert.Equal("IvyBridge", RunNova(two, ["HW_CPU_X86_VMX"]).Json["model"]!.GetValue<string>());
        Assert.Equal(4, RunNova(two, ["HW_CPU_X86_AVX512F"]).Code); // "No CPU model match traits"
        DecoderAssert.Rejects(Backend, two + "# --property trait:HW_CPU_X86_AVX512F=required\n", "CP0551", "No CPU model match traits");
        Assert.Equal("Haswell", Backend.Read(two + "# --property trait:HW_CPU_X86_AVX2=required\n", options, "t").Model.Name);
    }

    private static void RequireNova()
    {
        Peers.RequireExecutable(Python);
        var (code, _, _) = Run(["-c", "import nova.virt.libvirt.driver, os_traits, oslo_config, libvirt"]);
        Peers.RequireOrSkip(code == 0, "Debian's python3-nova, python3-os-traits, python3-oslo.config or python3-libvirt is missing");
    }

    private static (int Code, JsonNode Json, string Stderr) RunNova(string conf, IReadOnlyList<string> traits)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cpupolicy-nova-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, conf);
        try
        {
            var script = Path.Combine(RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "Backends", "Peers", "nova_guest_cpu.py");
            var (code, stdout, stderr) = Run([script, file, .. traits]);
            return (code, code == 0 ? JsonNode.Parse(stdout)! : new JsonObject(), stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(IEnumerable<string> arguments) => ChildProcess.Peer(Python, arguments, deadline: TimeSpan.FromMinutes(2));

    [GeneratedRegex(@"-cpu (\S+)")]
    private static partial Regex CpuFlag();
}
