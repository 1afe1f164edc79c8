namespace Cpupolicy.Tests.Hostile;

/// <summary>
/// One way the CLI reads a file an admin hands it: the arguments (or stdin and environment) that feed it, the size
/// limit that applies, a valid input of its format (to hide NUL bytes and bad UTF-8 in), how to nest it deeply, and
/// the root element when the format is XML (for the DTD tricks).
/// </summary>
public sealed record HostileCommand(
    string Name,
    long Limit,
    string Valid,
    IReadOnlyList<string> Deep,
    string? XmlRoot,
    string PadHead,
    string PadLine,
    string PadTail)
{
    /// <summary>The arguments, given the hostile file's path and the workspace.</summary>
    public required Func<string, HostileWorkspace, string[]> Args { get; init; }

    /// <summary>Extra environment, given the hostile file (the hook reads its bundle from CPUPOLICY_BUNDLE).</summary>
    public Func<string, HostileWorkspace, Dictionary<string, string>>? Env { get; init; }

    /// <summary>Whether the hostile file goes to stdin rather than being named on the command line.</summary>
    public bool ViaStdin { get; init; }

    /// <summary>What the error must name: the file itself, or (for stdin) this text.</summary>
    public string? Names { get; init; }

    public override string ToString() => Name;
}
