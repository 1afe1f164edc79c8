using Cpupolicy.Core.Bundle;
using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Hooks;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy hook libvirt NAME OPERATION SUBOPERATION EXTRA</c> and
/// <c>cpupolicy hook xapi -vmuuid UUID -reason REASON [-vmdomid N]</c>: exactly the arguments libvirt and xenopsd
/// pass, so the installed hook files are one-line launchers. <c>hook check</c> checks an install;
/// <c>hook bundle-version</c> prints the bundle version this build reads. The work is in <c>Cpupolicy.Hooks</c>; a hook never
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
            // Written through the hook itself, so a stdout that cannot be written takes the on-error path.
            using var output = new HookStdoutStream(bytes => WriteStdout(io, bytes));
            return HookProcess.RunLibvirt(
                parse.GetValue(name)!, parse.GetValue(operation)!, parse.GetValue(subOperation)!,
                () => OpenStdin(io), output, io.Stderr, Environment.GetEnvironmentVariable);
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
            using var output = new HookStdoutStream(bytes => WriteStdout(io, bytes));
            return HookProcess.RunXapi(parse.GetValue(vmUuid)!, parse.GetValue(reason)!, output, io.Stderr, Environment.GetEnvironmentVariable);
        });

        var bundleVersion = new Command("bundle-version", "Print the bundle.json version this cpupolicy reads (what `hook check` asks the installed hook)");
        bundleVersion.SetAction(_ =>
        {
            io.Stdout.WriteLine(HookProcess.BundleVersion);
            return ExitCode.Success;
        });

        return new Command("hook", "Run as a hypervisor hook (settings: CPUPOLICY_BUNDLE, CPUPOLICY_MODE, CPUPOLICY_ON_ERROR; see docs/hooks-*.md)")
        {
            libvirt, xapi, Check(globals, io), bundleVersion,
        };
    }

    /// <summary><c>hook check --platform P</c>: the installed hook and its bundle, every problem named (docs/hooks-libvirt.md).</summary>
    private static Command Check(GlobalOptions globals, CliIo io)
    {
        var platform = new Option<string>("--platform") { Description = "Which hook: libvirt, xapi or xl", Required = true };
        platform.AcceptOnlyFromAmong([.. HookCheckOptions.Platforms]);
        var root = new Option<string>("--root") { Description = "Look under this root, as the installers' --root (default: $DESTDIR, else /)" };
        var hooksDir = new Option<string>("--hooks-dir") { Description = "libvirt's hooks folder (default: ROOT/etc/libvirt/hooks)" };
        var prefix = new Option<string>("--prefix") { Description = "The xl wrapper's prefix (default: /usr/local; the wrapper is ROOT/PREFIX/sbin/cpupolicy-xl)", DefaultValueFactory = _ => "/usr/local" };
        var bundle = new Option<string>("--bundle") { Description = $"The bundle to check, as given (default: the one the installed hook names, else {BundleReader.DefaultPath}, under ROOT)" };
        var check = new Command("check", "Check an installed hook: where the hypervisor runs it, executable, trusted, and its bundle trusted, parseable and of the hook's version; exit 1 with every problem named")
        {
            platform, root, hooksDir, prefix, bundle,
        };
        check.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
        {
            var rootDir = (p.GetValue(root) ?? Environment.GetEnvironmentVariable("DESTDIR") ?? string.Empty).TrimEnd('/');
            var report = HookInstallCheck.Run(new HookCheckOptions(p.GetValue(platform)!, rootDir, p.GetValue(hooksDir), p.GetValue(prefix)!, p.GetValue(bundle)));
            if (ctx.Json)
            {
                ctx.WriteJson(ToJson(report));
            }
            else
            {
                foreach (var problem in report.Problems)
                {
                    ctx.Stderr.WriteLine($"{ctx.Err.Bad("error")} {ctx.Err.Bold(problem.Code)}: {problem.Message}");
                    ctx.Stderr.WriteLine($"  fix: {problem.Fix}");
                }

                var summary = report.Ok
                    ? $"ok: the {report.Platform} hook {report.Hook} runs `{string.Join(' ', report.Command)}` with bundle {report.Bundle} (version {report.BundleVersion})"
                    : $"{report.Problems.Count} problem{(report.Problems.Count == 1 ? string.Empty : "s")} with the {report.Platform} hook {report.Hook}";
                ctx.Stdout.WriteLine(summary);
            }

            return report.Ok ? ExitCode.Success : ExitCode.InputError;
        }));
        return check;
    }

    private static JsonObject ToJson(HookCheckReport report)
    {
        var problems = new JsonArray();
        foreach (var problem in report.Problems)
        {
            problems.Add((JsonNode)new JsonObject
            {
                ["code"] = problem.Code,
                ["path"] = problem.Path,
                ["message"] = problem.Message,
                ["fix"] = problem.Fix,
            });
        }

        var command = new JsonArray();
        foreach (var word in report.Command)
        {
            command.Add((JsonNode?)word);
        }

        return new JsonObject
        {
            ["platform"] = report.Platform,
            ["ok"] = report.Ok,
            ["hook"] = report.Hook,
            ["command"] = command,
            ["bundle"] = report.Bundle,
            ["bundle_version"] = report.BundleVersion,
            ["hook_bundle_version"] = report.HookBundleVersion,
            ["problems"] = problems,
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
