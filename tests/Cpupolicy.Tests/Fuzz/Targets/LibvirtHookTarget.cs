using System.Text;
using Cpupolicy.Hooks;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Fuzz.Harness;
using Cpupolicy.Tests.Hooks;
using FsCheck;
using FsCheck.Fluent;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// The libvirt hook end to end, as libvirt runs it (domain XML on stdin, a real bundle), for <c>prepare begin</c> (the
/// gate) and <c>migrate begin</c> (the XML filter), through <see cref="HookProcess"/> with its environment given
/// explicitly (syslog off). <c>hook-libvirt</c> runs an x86 bundle; <c>hook-libvirt-arm64</c> (<paramref name="arm64"/>)
/// the Kunpeng example's, whose artifacts are aarch64 fragments the hook judges and merges as a whole.
/// </summary>
public sealed class LibvirtHookTarget(HookBundleFixture bundle, bool arm64 = false) : FuzzTarget
{
    private static readonly int[] ExitCodes = [HookExitCodes.Allow, HookExitCodes.LibvirtRefuseError, HookExitCodes.LibvirtRefuseViolation];

    public override string Name => arm64 ? "hook-libvirt-arm64" : "hook-libvirt";

    public override string Component => arm64
        ? "compiler/Cpupolicy.Hooks/HookProcess.RunLibvirt (LibvirtHook: Arm64DomainChecker, Arm64FragmentMerge)"
        : "compiler/Cpupolicy.Hooks/HookProcess.RunLibvirt (LibvirtHook)";

    public override string Property => arm64
        ? "no exception, no CP0001 in the log, exit 0/1/3, at most one log line; a migrate rewrite rescans, passes the start gate as its profile, and merges again to the same bytes"
        : "no exception, no CP0001 in the log, exit 0/1/3, at most one log line; a migrate rewrite keeps every byte outside <cpu>";

    public override string CorpusName => arm64 ? "hook-domain-xml-arm64" : "hook-domain-xml";

    public override IReadOnlyList<string> Tokens => arm64 ? [.. FuzzTokens.Xml, .. Arm64Tokens] : FuzzTokens.Xml;

    public override bool HasGenerator => arm64;

    /// <summary>aarch64: a domain of <see cref="Arm64DomainGenerators"/> (features, CPU arguments, namespaces, layouts).</summary>
    public override byte[]? Generate(int seed) =>
        arm64 ? Gen.Sample(Arm64DomainGenerators.Arbitrary.Generator, 1, new Rnd((ulong)seed), 20)[0].Bytes : null;

    private static readonly string[] Arm64Tokens =
    [
        "<type arch='aarch64' machine='virt'>hvm</type>", "<features>", "</features>", "<pmu state='off'/>", "<pmu state='on'/>",
        "<cpu mode='host-passthrough'/>", "<cpu mode='maximum'/>", "<feature policy='disable' name='sve'/>",
        "xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'", "<qemu:commandline>", "</qemu:commandline>", "<qemu:arg value='-global'/>",
        "<qemu:arg value='host-arm-cpu.SYSREG_ID_AA64ISAR0_EL1_SM3=0x0'/>", "<qemu:arg value='-cpu'/>", "driver=host-arm-cpu,property=pmu,value=off",
    ];

    public override string Execute(byte[] input)
    {
        var gate = Run("prepare", input, out var gateLog, out _);
        var filter = Run("migrate", input, out var filterLog, out var output);
        if (output.Length > 0)
        {
            DomainXml xml;
            try
            {
                xml = DomainXmlScanner.Scan(input, "stdin");
            }
            catch (DiagnosticException e)
            {
                throw Violation($"the hook rewrote a domain XML its own scanner rejects ({e.Diagnostic.Code}); log: {filterLog}");
            }

            if (arm64)
            {
                MergeIsClosed(output, filterLog);
            }
            else
            {
                SpliceCheck.Preserves(input, xml, output, expectedCpu: null);
            }
        }

        return $"{gate}:{filter}:{Code(gateLog)}:{Code(filterLog)}:{(output.Length > 0 ? "rewritten" : "-")}";
    }

    /// <summary>The aarch64 merge's output is a domain the gate takes as the profile's, and merging it again changes nothing.</summary>
    private void MergeIsClosed(byte[] output, string log)
    {
        try
        {
            DomainXmlScanner.Scan(output, "rewritten");
        }
        catch (DiagnosticException e)
        {
            throw Violation($"the merged domain does not rescan ({e.Diagnostic.Code}: {e.Diagnostic.Message}); log: {log}");
        }

        var gate = Run("prepare", output, out var gateLog, out _);
        if (gate != HookExitCodes.Allow || !gateLog.Contains(" matches ", StringComparison.Ordinal))
        {
            throw Violation($"the start gate does not accept the merged domain as its profile: {gateLog}");
        }

        Run("migrate", output, out _, out var again);
        if (!again.AsSpan().SequenceEqual(output))
        {
            throw Violation("a second merge changed the merged domain");
        }
    }

    private int Run(string operation, byte[] input, out string log, out byte[] output)
    {
        using var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var code = HookProcess.RunLibvirt("web-1", operation, "begin", () => new MemoryStream(input, writable: false), stdout, stderr, Env);
        log = stderr.ToString();
        output = stdout.ToArray();
        if (!ExitCodes.Contains(code))
        {
            throw Violation($"{operation} begin exited {code}; log: {log}");
        }

        if (log.Contains(DiagnosticCatalog.InternalError.Code, StringComparison.Ordinal))
        {
            throw Violation($"{operation} begin hit an internal failure: {log}");
        }

        if (log.TrimEnd('\n').Contains('\n', StringComparison.Ordinal))
        {
            throw Violation($"{operation} begin logged more than one line (log injection?):\n{log}");
        }

        return code;
    }

    private string? Env(string name) => name switch
    {
        HookConfig.BundleVariable => bundle.Path,
        HookLog.SocketVariable => "none",
        HookConfig.ModeVariable => "enforce",
        _ => null,
    };

    private static string Code(string log)
    {
        var at = log.IndexOf("CP0", StringComparison.Ordinal);
        return at >= 0 && at + 6 <= log.Length ? log.Substring(at, 6) : Encoding.UTF8.GetByteCount(log) == 0 ? "silent" : "logged";
    }
}
