namespace Cpupolicy.Cli.Infrastructure;

/// <summary>The exit codes of the CLI contract (docs/cli.md). Scripts rely on them; never renumber.</summary>
public static class ExitCode
{
    public const int Success = 0;
    public const int InputError = 1;
    public const int Usage = 2;
    public const int Incompatible = 3;
    public const int InternalFailure = 4;
}
