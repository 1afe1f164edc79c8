using Cpupolicy.Core.Bundle;
using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Hooks;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy apply libvirt|xl|xapi</c>: put each VM's profile into its persistent definition before it boots,
/// which is where a start-time hook cannot reach (it can only veto). libvirt: rewrite the <c>&lt;cpu&gt;</c> of a
/// domain XML for <c>virsh define</c>; xl: set <c>cpuid=</c> in a domain config; xapi: set
/// <c>platform:featureset</c> on halted VMs with <c>xe</c>. The profile comes from the bundle, as at hook time.
/// </summary>
public static class ApplyCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        return new Command("apply", "Write each VM's profile into its definition: a libvirt domain XML, an xl config, or XAPI's platform:featureset")
        {
            Libvirt(globals, io), Xl(globals, io), Xapi(globals, io),
        };
    }

    private static Option<string> BundleOption() => new("--bundle")
    {
        Description = $"The compiled bundle.json (default: ${HookConfig.BundleVariable}, else {BundleReader.DefaultPath})",
    };

    private static Option<string> ProfileOption() => new("--profile")
    {
        Description = "Use this profile instead of the one the bundle's VM globs (or the domain's metadata) choose",
    };

    private static Command Libvirt(GlobalOptions globals, CliIo io)
    {
        var file = new Argument<string>("DOMAIN.xml") { Description = "A domain XML (`virsh dumpxml --inactive`), or - for stdin", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "-" };
        var bundle = BundleOption();
        var profile = ProfileOption();
        var inPlace = new Option<bool>("--in-place") { Description = "Replace the file atomically instead of printing the result" };
        var command = new Command("libvirt", "Print the domain XML with its <cpu> set to its profile's (every other byte unchanged), for `virsh define`")
        {
            file, bundle, profile, inPlace,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
        {
            var path = p.GetValue(file)!;
            if (p.GetValue(inPlace) && path == "-")
            {
                throw new UsageException("--in-place needs a file, not stdin");
            }

            if (p.GetValue(inPlace))
            {
                FileTrust.RequireTrustedEdit(path);
            }

            var bytes = ReadDomain(path, io);
            var source = path == "-" ? "<stdin>" : path;
            var applied = LibvirtApply.Domain(bytes, source, LoadBundle(p.GetValue(bundle)), p.GetValue(profile));
            var (name, match, result) = (applied.Name, applied.Match!, applied.Bytes);
            var summary = $"VM `{name}`: {applied.Edited} set to profile `{match.Profile.Name}` ({match.Reason})";
            if (p.GetValue(inPlace))
            {
                AtomicReplace.Write(path, result);
                summary += $" in {path}";
            }

            if (ctx.Json)
            {
                ctx.WriteJson(new JsonObject
                {
                    ["vm"] = name,
                    ["profile"] = match.Profile.Name,
                    ["reason"] = match.Reason,
                    ["path"] = p.GetValue(inPlace) ? path : null,
                    ["xml"] = p.GetValue(inPlace) ? null : Encoding.UTF8.GetString(result),
                });
            }
            else if (!p.GetValue(inPlace))
            {
                HookCommand.WriteStdout(io, result);
            }

            ctx.Stderr.WriteLine(summary);
            return ExitCode.Success;
        }));
        return command;
    }

    /// <summary><c>apply xl</c> for a VM no <c>vm</c> rule and no <c>default</c> names: nothing is written, exit 0.</summary>
    private static int Unmanaged(CommandContext ctx, CliIo io, string path, string name, byte[] original, bool toStdout)
    {
        if (toStdout)
        {
            HookCommand.WriteStdout(io, original);
        }
        else if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["vm"] = name,
                ["profile"] = null,
                ["reason"] = "not managed: no `vm` rule or `default` of the policy names it",
                ["path"] = path,
                ["changed"] = false,
            });
        }

        ctx.Stderr.WriteLine($"VM `{HookText.Clean(name)}`: not managed: no `vm` rule or `default` of the policy names it; {path} unchanged");
        return ExitCode.Success;
    }

    private static Command Xl(GlobalOptions globals, CliIo io)
    {
        var file = new Argument<string>("VM.cfg") { Description = "An xl domain config file" };
        var bundle = BundleOption();
        var profile = ProfileOption();
        var toStdout = new Option<bool>("--stdout") { Description = "Print the edited config instead of replacing the file" };
        var command = new Command("xl", "Insert or replace the cpuid= setting of an xl domain config (atomically; every other line and comment kept)")
        {
            file, bundle, profile, toStdout,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
        {
            var path = p.GetValue(file)!;
            if (!p.GetValue(toStdout))
            {
                FileTrust.RequireTrustedEdit(path);
            }

            var original = ReadConfig(path);
            var applied = XlApply.Config(original, path, () => LoadBundle(p.GetValue(bundle)), p.GetValue(profile));
            if (applied.Match is not { } match)
            {
                // Not under the policy, as the libvirt and XAPI hooks see it: left alone (--stdout prints it as it is).
                return Unmanaged(ctx, io, path, applied.Name!, original, p.GetValue(toStdout));
            }

            var (name, edited, changed) = (applied.Name, applied.Bytes, applied.Changed);
            if (p.GetValue(toStdout))
            {
                HookCommand.WriteStdout(io, edited);
            }
            else if (changed)
            {
                AtomicReplace.Write(path, edited);
            }

            if (ctx.Json && !p.GetValue(toStdout))
            {
                ctx.WriteJson(new JsonObject
                {
                    ["vm"] = name,
                    ["profile"] = match.Profile.Name,
                    ["reason"] = match.Reason,
                    ["path"] = path,
                    ["changed"] = changed,
                });
            }

            ctx.Stderr.WriteLine(changed
                ? $"VM `{name}`: cpuid set to profile `{match.Profile.Name}` ({match.Reason}){(p.GetValue(toStdout) ? string.Empty : $" in {path}")}"
                : $"VM `{name}`: cpuid already that of profile `{match.Profile.Name}` ({match.Reason}); {path} unchanged");
            return ExitCode.Success;
        }));
        return command;
    }

    private static Command Xapi(GlobalOptions globals, CliIo io)
    {
        var bundle = BundleOption();
        var run = new Option<bool>("--run") { Description = "Run the xe commands instead of printing them" };
        var command = new Command("xapi", $"Set platform:featureset on every halted VM to its profile's; prints the xe commands (or --run's them). xe: ${XeClient.ProgramVariable} or `xe`")
        {
            bundle, run,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
        {
            var xe = XeClient.FromEnvironment(Environment.GetEnvironmentVariable);
            var failures = 0;
            var json = new JsonArray();
            foreach (var done in XapiApply.Apply(LoadBundle(p.GetValue(bundle)), xe, p.GetValue(run)))
            {
                var item = done.Assignment;
                Render(ctx, done, p.GetValue(run));
                failures += done.Failed ? 1 : 0;
                json.Add((JsonNode)new JsonObject
                {
                    ["uuid"] = item.Vm.Uuid,
                    ["name"] = item.Vm.NameLabel,
                    ["profile"] = item.Match?.Profile.Name,
                    ["reason"] = item.Match?.Reason,
                    ["featureset"] = item.Featureset,
                    ["command"] = item.Command is { } c ? XapiApply.ShellLine("xe", c) : null,
                    ["skipped"] = item.Skipped,
                    ["applied"] = done.Outcome,
                });
            }

            if (ctx.Json)
            {
                ctx.WriteJson(new JsonObject { ["vms"] = json });
            }

            return failures == 0 ? ExitCode.Success : ExitCode.InputError;
        }));
        return command;
    }

    /// <summary>One VM of <c>apply xapi</c> as text: the xe line to run (or what it did), or why it is skipped.</summary>
    private static void Render(CommandContext ctx, XapiApplied done, bool run)
    {
        var item = done.Assignment;
        if (item.Command is not { } args)
        {
            if (!ctx.Json)
            {
                (run ? ctx.Stderr : ctx.Stdout).WriteLine($"# {HookText.Clean(item.Vm.NameLabel)} ({item.Vm.Uuid}): skipped, {item.Skipped}");
            }

            return;
        }

        var vm = $"VM `{item.Vm.NameLabel}` ({item.Vm.Uuid})";
        if (done.Result is { ExitCode: not 0 } failed)
        {
            // A failure goes to stderr in JSON mode too.
            ctx.Stderr.WriteLine($"{vm}: `xe {XeClient.Describe(args)}` failed with exit code {failed.ExitCode}: {HookText.Clean(failed.Stderr.Trim(), 300)}");
        }
        else if (ctx.Json)
        {
            return;
        }
        else if (run)
        {
            ctx.Stdout.WriteLine($"{vm}: platform:featureset set to profile `{item.Match!.Profile.Name}` ({item.Match.Reason})");
        }
        else
        {
            ctx.Stdout.WriteLine($"# {HookText.Clean(item.Vm.NameLabel)}: profile {item.Match!.Profile.Name} ({item.Match.Reason})");
            ctx.Stdout.WriteLine(XapiApply.ShellLine("xe", args));
        }
    }

    private const string VmDefinitionSize = "a VM definition is a few KiB";

    private static HookBundle LoadBundle(string? path) =>
        TrustedBundle.Read(path ?? HookConfig.BundlePathFrom(Environment.GetEnvironmentVariable));

    private static byte[] ReadDomain(string path, CliIo io)
    {
        if (path == "-")
        {
            var read = BoundedInput.Read(HookCommand.OpenStdin(io), BoundedInput.MaxBytes, TimeSpan.FromMinutes(10));
            return read.Bytes ?? throw new DiagnosticException(DiagnosticCatalog.HookInputUnbounded.Create(SourceSpan.WholeFile("<stdin>"), read.Problem!));
        }

        return InputFile.ReadBytes(path, BoundedInput.MaxBytes, VmDefinitionSize);
    }

    private static byte[] ReadConfig(string path) => InputFile.ReadBytes(path, 1024 * 1024, VmDefinitionSize);
}
