using System.CommandLine;
using System.Text;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Compiler.Hooks;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy hook libvirt NAME OPERATION SUBOPERATION EXTRA</c> and
/// <c>cpupolicy hook xapi -vmuuid UUID -reason REASON [-vmdomid N]</c>: exactly the arguments libvirt and xenopsd
/// pass, so the installed hook files are one-line launchers. The work is in <c>Compiler/Hooks</c>; a hook never
/// throws: every problem becomes one log line and the exit code of the configured mode (docs/cli.md, "Hooks").
/// </summary>
public static class HookCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        _ = globals;
        var name = new Argument<string>("NAME") { Description = "The domain's name" };
        var operation = new Argument<string>("OPERATION") { Description = "prepare, migrate, restore (acted on); start, started, stopped, release, ... (ignored)" };
        var subOperation = new Argument<string>("SUBOPERATION") { Description = "begin or end" };
        var extra = new Argument<string>("EXTRA") { Description = "libvirt's extra argument (`-` when empty)", Arity = ArgumentArity.ZeroOrOne };
        var libvirt = new Command("libvirt", "The libvirt qemu hook: gate `prepare begin`, rewrite <cpu> on `migrate begin`/`restore begin`; domain XML on stdin")
        {
            name, operation, subOperation, extra,
        };
        libvirt.SetAction(parse =>
        {
            using var output = new MemoryStream();
            var code = HookProcess.RunLibvirt(
                parse.GetValue(name)!, parse.GetValue(operation)!, parse.GetValue(subOperation)!,
                () => OpenStdin(io), output, io.Stderr, Environment.GetEnvironmentVariable);
            WriteStdout(io, output.ToArray());
            return code;
        });

        var vmUuid = new Option<string>("-vmuuid") { Description = "The VM's UUID", Required = true };
        var reason = new Option<string>("-reason") { Description = "Why the hook runs (`none` at pre-start)", DefaultValueFactory = _ => "none" };
        var vmDomid = new Option<string>("-vmdomid") { Description = "The domain id, when a domain exists (not at pre-start)" };
        var xapi = new Command("xapi", "The XAPI vm-pre-start hook: veto (exit 2) or warn (exit 1) when the VM's platform:featureset breaks its profile")
        {
            vmUuid, reason, vmDomid,
        };
        xapi.SetAction(parse =>
        {
            using var output = new MemoryStream();
            var code = HookProcess.RunXapi(parse.GetValue(vmUuid)!, parse.GetValue(reason)!, output, io.Stderr, Environment.GetEnvironmentVariable);
            WriteStdout(io, output.ToArray());
            return code;
        });

        return new Command("hook", "Run as a hypervisor hook (settings: CPUPOLICY_BUNDLE, CPUPOLICY_MODE, CPUPOLICY_ON_ERROR; see docs/hooks-*.md)")
        {
            libvirt, xapi,
        };
    }

    /// <summary>The raw bytes of stdin (byte-exact XML needs the stream, not the console's text reader); tests pass text.</summary>
    internal static Stream OpenStdin(CliIo io) =>
        ReferenceEquals(io.Stdin, Console.In) ? Console.OpenStandardInput() : new MemoryStream(Encoding.UTF8.GetBytes(io.Stdin.ReadToEnd()));

    /// <summary>Writes bytes to stdout unchanged (the console's text writer would re-encode them); tests get text.</summary>
    internal static void WriteStdout(CliIo io, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return;
        }

        if (ReferenceEquals(io.Stdout, Console.Out))
        {
            Console.Out.Flush();
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(bytes);
            stdout.Flush();
        }
        else
        {
            io.Stdout.Write(Encoding.UTF8.GetString(bytes));
        }
    }
}
