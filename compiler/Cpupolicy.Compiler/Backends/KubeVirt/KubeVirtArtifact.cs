using System.Text.RegularExpressions;

namespace Cpupolicy.Compiler.Backends.KubeVirt;

/// <summary>What only a KubeVirt CPU has: a <c>model:</c> key, in a document that is not a Node (a node inventory has one too).</summary>
public static partial class KubeVirtArtifact
{
    public static bool Recognize(string text) => YamlModelKey().IsMatch(text) && !NodeKind().IsMatch(text);

    [GeneratedRegex(@"^\s*model\s*:\s*\S", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex YamlModelKey();

    [GeneratedRegex(@"^kind:\s*(Node|List|NodeList)\s*$", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex NodeKind();
}
