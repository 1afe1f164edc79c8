using System.Text.Json;

namespace Cpupolicy.Tests.Architecture;

/// <summary>
/// The allowed arrows between assemblies and between namespaces, read from <c>layers.json</c> (the rule written once,
/// as data). A namespace rule's key is a component: the namespace and its sub-namespaces unless a longer key claims
/// them. An entry <c>X</c> allows exactly component X; <c>X.*</c> allows X and every component under it.
/// </summary>
public sealed record LayerRules(
    IReadOnlyList<string> CheckedAssemblies,
    IReadOnlyList<string> CheckedNamespaces,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Assemblies,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Namespaces)
{
    public static string DefaultPath => Path.Combine(Infrastructure.RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "Architecture", "layers.json");

    public static LayerRules Load(string path) => Parse(File.ReadAllText(path));

    public static LayerRules Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var checkedNames = root.GetProperty("checked");
        return new LayerRules(
            Strings(checkedNames.GetProperty("assemblies")),
            Strings(checkedNames.GetProperty("namespaces")),
            Map(root.GetProperty("assemblies")),
            Map(root.GetProperty("namespaces")));
    }

    /// <summary>The component a namespace belongs to: the longest key it is or lies under; else its checked root; else null (free).</summary>
    public string? ComponentOf(string name)
    {
        var key = Namespaces.Keys
            .Where(k => name == k || name.StartsWith(k + ".", StringComparison.Ordinal))
            .MaxBy(k => k.Length);
        return key ?? CheckedNamespaces.Where(k => name == k || name.StartsWith(k + ".", StringComparison.Ordinal)).MaxBy(k => k.Length);
    }

    /// <summary>Whether a file of component <paramref name="from"/> may import component <paramref name="to"/>.</summary>
    public bool Allows(string from, string to) =>
        from == to || (Namespaces.TryGetValue(from, out var allowed) && allowed.Any(entry => Covers(entry, to)));

    public bool AssemblyAllows(string from, string to) =>
        !CheckedAssemblies.Contains(to) || from == to || (Assemblies.TryGetValue(from, out var allowed) && allowed.Contains(to));

    private static bool Covers(string entry, string component) =>
        entry.EndsWith(".*", StringComparison.Ordinal)
            ? component == entry[..^2] || component.StartsWith(entry[..^1], StringComparison.Ordinal)
            : component == entry;

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static Dictionary<string, IReadOnlyList<string>> Map(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => (IReadOnlyList<string>)Strings(p.Value), StringComparer.Ordinal);
}
