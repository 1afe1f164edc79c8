namespace Cpupolicy.Cli;

/// <summary>Builds the command tree and runs it; separate from Program so tests can run the CLI in-process.</summary>
public static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        _ = args;
        _ = stdout;
        stderr.WriteLine("cpupolicy: not yet wired");
        return 4;
    }
}
