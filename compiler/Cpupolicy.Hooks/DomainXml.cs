namespace Cpupolicy.Hooks;

/// <summary>
/// What the hooks need from a libvirt domain XML, located without re-serialising it: the exact bytes of the
/// <c>&lt;cpu&gt;</c> child of <c>&lt;domain&gt;</c> (null when there is none), where <c>&lt;/domain&gt;</c> starts,
/// the indentation and newline style to match, the VM's name and <c>&lt;cpupolicy:profile&gt;</c> metadata, and every
/// child of <c>&lt;domain&gt;</c> with its children (what an aarch64 profile's fragment merges into).
/// </summary>
public sealed record DomainXml(
    string? Name,
    string? MetadataProfile,
    ByteSpan? Cpu,
    int RootEndTag,
    string? CpuIndent,
    string ChildIndent,
    string NewLine,
    string? CpuText)
{
    /// <summary>The children of <c>&lt;domain&gt;</c> in document order.</summary>
    public IReadOnlyList<DomainElement> Children { get; init; } = [];
}
