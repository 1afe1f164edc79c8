namespace Cpupolicy.Hooks;

/// <summary>
/// A child of <c>&lt;domain&gt;</c> (with its own children) or a grandchild (without), as the byte scanner found it:
/// its qualified name as written (<c>qemu:commandline</c>), its bytes from <c>&lt;</c> to the end of its end tag, where
/// its end tag starts (null when it is self-closing), and the indentation of its line (null when something else is on
/// the line before it). Which namespace a prefix stands for is the XML parser's knowledge, not the scanner's.
/// </summary>
public sealed record DomainElement(string Name, ByteSpan Span, int? EndTag, string? Indent, IReadOnlyList<DomainElement> Children)
{
    /// <summary>The name without its prefix.</summary>
    public string LocalName => Name[(Name.IndexOf(':', StringComparison.Ordinal) + 1)..];

    /// <summary>The prefix (<c>qemu</c> of <c>qemu:commandline</c>), or empty.</summary>
    public string Prefix => Name.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? Name[..colon] : string.Empty;
}
