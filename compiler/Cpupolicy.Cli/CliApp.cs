using System.CommandLine;
using Cpupolicy.Cli.Commands;
using Cpupolicy.Cli.Infrastructure;

namespace Cpupolicy.Cli;

/// <summary>Builds the command tree and runs it; separate from Program so tests can run the CLI in-process.</summary>
public static class CliApp
{
    public static int Run(string[] args, CliIo io)
    {
        var parse = Parse(args, io);
        if (parse.Errors.Count > 0)
        {
            if (CliErrors.UnknownCommand(args, parse) is { } unknown)
            {
                return CliErrors.Usage(io, args, unknown);
            }

            if (args.Contains("--json"))
            {
                return CliErrors.Usage(io, args, string.Join("; ", parse.Errors.Select(e => e.Message)));
            }

            foreach (var error in parse.Errors)
            {
                io.Stderr.WriteLine($"cpupolicy: {error.Message}");
            }

            io.Stderr.WriteLine("Run `cpupolicy --help` for usage.");
            return ExitCode.Usage;
        }

        var config = new InvocationConfiguration { Output = io.Stdout, Error = io.Stderr };
        return parse.Invoke(config);
    }

    /// <summary>Parses a command line without running it (the docs tests check command examples they cannot run).</summary>
    public static ParseResult Parse(string[] args, CliIo io)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand(
            "cpupolicy: compile one declarative CPUID policy into the artifact of every hypervisor backend " +
            "(Xen xl, XAPI, libvirt, QEMU, KubeVirt), read host inventories, and explain migration verdicts.");
        root.Options.Add(globals.Json);
        foreach (var command in Commands(globals, io))
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args);
    }

    private static IEnumerable<Command> Commands(GlobalOptions globals, CliIo io)
    {
        yield return CompileCommand.Build(globals, io);
        yield return CheckCommand.Build(globals, io);
        yield return FmtCommand.Build(globals, io);
        yield return HostCommand.Build(globals, io);
        yield return BaselineCommand.Build(globals, io);
        yield return MigrateCommand.Build(globals, io);
        yield return EvacuateCommand.Build(globals, io);
        yield return DiffCommand.Build(globals, io);
        yield return PlanCommand.Build(globals, io);
        yield return ReportCommand.Build(globals, io);
        yield return AuditCommand.Build(globals, io);
        yield return ProbeCommand.Build(globals, io);
        yield return HookCommand.Build(globals, io);
        yield return ApplyCommand.Build(globals, io);
        yield return FeaturesCommand.Build(globals, io);
        yield return ModelsCommand.Build(globals, io);
        yield return TestCommand.Build(globals, io);
        yield return LspCommand.Build(globals, io);
    }
}
