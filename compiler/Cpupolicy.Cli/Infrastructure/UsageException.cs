namespace Cpupolicy.Cli.Infrastructure;

/// <summary>A command line that parses but makes no sense (e.g. <c>--profile</c> without <c>--policy</c>): exit 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
