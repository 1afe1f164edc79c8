using System.CommandLine;

namespace Cpupolicy.Cli.Infrastructure;

/// <summary>Options every command takes.</summary>
public sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON document on stdout (stable field names) instead of human output",
        Recursive = true,
    };
}
