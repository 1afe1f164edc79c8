using System.Text.RegularExpressions;

namespace Cpupolicy.Core.Backends.Nova;

/// <summary>What only a Nova artifact has: a <c>[libvirt]</c> section header and a <c>cpu_mode</c> option line.</summary>
public static partial class NovaArtifact
{
    public static bool Recognize(string text) => Header().IsMatch(text) && CpuMode().IsMatch(text);

    [GeneratedRegex(@"^\[libvirt\][ \t]*$", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex Header();

    [GeneratedRegex(@"^cpu_mode[ \t]*[=:]", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex CpuMode();
}
