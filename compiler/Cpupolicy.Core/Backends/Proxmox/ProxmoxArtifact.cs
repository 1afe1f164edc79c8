using System.Text.RegularExpressions;

namespace Cpupolicy.Core.Backends.Proxmox;

/// <summary>What only a Proxmox CPU has: a <c>cpu-model: NAME</c> section header, or a lone VM <c>cpu:</c> line.</summary>
public static partial class ProxmoxArtifact
{
    public static bool Recognize(string text) =>
        SectionHeader().IsMatch(text) || (text.Trim() is var t && !t.Contains('\n', StringComparison.Ordinal) && VmLine().IsMatch(t));

    [GeneratedRegex(@"^cpu-model:[ \t]*\S", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^cpu:[ \t]*\S+$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex VmLine();
}
