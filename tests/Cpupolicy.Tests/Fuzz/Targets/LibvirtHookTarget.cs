using System.Text;
using Cpupolicy.Hooks;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// The libvirt hook end to end, as libvirt runs it (domain XML on stdin, a real bundle), for <c>prepare begin</c> (the
/// gate) and <c>migrate begin</c> (the XML filter), through <see cref="HookProcess"/> with its environment given
/// explicitly (syslog off).
/// </summary>
public sealed class LibvirtHookTarget(HookBundleFixture bundle) : FuzzTarget
{
    private static readonly int[] ExitCodes = [HookExitCodes.Allow, HookExitCodes.LibvirtRefuseError, HookExitCodes.LibvirtRefuseViolation];

    public override string Name => "hook-libvirt";

    public override string Component => "compiler/Cpupolicy.Hooks/HookProcess.RunLibvirt (LibvirtHook)";

    public override string Property =>
        "no exception, no CP0001 in the log, exit 0/1/3, at most one log line; a migrate rewrite keeps every byte outside <cpu>";

    public override string CorpusName => "hook-domain-xml";

    public override IReadOnlyList<string> Tokens => FuzzTokens.Xml;

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

            SpliceCheck.Preserves(input, xml, output, expectedCpu: null);
        }

        return $"{gate}:{filter}:{Code(gateLog)}:{Code(filterLog)}:{(output.Length > 0 ? "rewritten" : "-")}";
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
