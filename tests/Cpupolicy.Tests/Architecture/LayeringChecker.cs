using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace Cpupolicy.Tests.Architecture;

/// <summary>
/// Checks code against <see cref="LayerRules"/>: an assembly's references (read from its metadata, so what the
/// compiler really kept) and a source file's imports: <c>using</c> directives, qualified names, and the types of an
/// enclosing namespace a file sees without a <c>using</c> (<c>Compilation</c> from <c>Cpupolicy.Compiler.Emit</c>).
/// Each violation is one line naming the file or assembly, the import and the rule it breaks.
/// </summary>
public sealed partial class LayeringChecker(LayerRules rules)
{
    /// <summary>The violations of one assembly file (its own name from its metadata).</summary>
    public IReadOnlyList<string> CheckAssemblyFile(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var name = metadata.GetString(metadata.GetAssemblyDefinition().Name);
        var references = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
        return CheckAssembly(name, references);
    }

    public IReadOnlyList<string> CheckAssembly(string name, IEnumerable<string> references) =>
        references
            .Where(reference => !rules.AssemblyAllows(name, reference))
            .Select(reference => $"assembly {name} references {reference}, which layers.json does not allow (allowed: {string.Join(", ", rules.Assemblies.GetValueOrDefault(name) ?? [])})")
            .ToList();

    /// <summary>
    /// The violations of one source file. <paramref name="typesByNamespace"/> lists the types each namespace declares,
    /// to see uses of an enclosing namespace's types.
    /// </summary>
    public IReadOnlyList<string> CheckSource(string path, string text, IReadOnlyDictionary<string, IReadOnlySet<string>> typesByNamespace)
    {
        var code = StripCommentsAndStrings(text);
        var ns = NamespaceDeclaration().Match(code) is { Success: true } m ? m.Groups[1].Value : null;
        if (ns is null)
        {
            return [];
        }

        var from = rules.ComponentOf(ns);
        if (from is null || !rules.Namespaces.ContainsKey(from))
        {
            return [$"{path}: namespace {ns} has no rule in layers.json"];
        }

        var imports = new SortedSet<string>(StringComparer.Ordinal);
        var body = NamespaceDeclaration().Replace(code, string.Empty);
        foreach (Match use in UsingDirective().Matches(body))
        {
            imports.Add(use.Groups[1].Value);
        }

        foreach (Match qualified in QualifiedName().Matches(UsingDirective().Replace(body, string.Empty)))
        {
            imports.Add(qualified.Value);
        }

        // Types of an enclosing namespace need no using: Cpupolicy.Compiler.Emit sees Cpupolicy.Compiler.Compilation.
        for (var enclosing = Parent(ns); enclosing is not null; enclosing = Parent(enclosing))
        {
            foreach (var type in typesByNamespace.GetValueOrDefault(enclosing) ?? new HashSet<string>())
            {
                if (Regex.IsMatch(body, $@"\b{Regex.Escape(type)}\b"))
                {
                    imports.Add($"{enclosing}.{type}");
                }
            }
        }

        var problems = new List<string>();
        foreach (var import in imports)
        {
            if (rules.ComponentOf(import) is { } to && !rules.Allows(from, to))
            {
                problems.Add($"{path}: {ns} imports {import} (component {to}), which layers.json does not allow for {from}");
            }
        }

        return problems;
    }

    /// <summary>The types each namespace of these sources declares (top-level declarations).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> DeclaredTypes(IEnumerable<string> texts)
    {
        var map = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var code = StripCommentsAndStrings(text);
            if (NamespaceDeclaration().Match(code) is not { Success: true } m)
            {
                continue;
            }

            var set = map.TryGetValue(m.Groups[1].Value, out var known) ? known : map[m.Groups[1].Value] = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match declaration in TypeDeclaration().Matches(code))
            {
                set.Add(declaration.Groups[1].Value);
            }
        }

        return map.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal);
    }

    private static string? Parent(string ns) => ns.LastIndexOf('.') is var i and > 0 ? ns[..i] : null;

    private static string StripCommentsAndStrings(string text)
    {
        var noRaw = RawString().Replace(text, "\"\"");
        var noComments = BlockComment().Replace(LineComment().Replace(noRaw, string.Empty), string.Empty);
        return StringLiteral().Replace(noComments, "\"\"");
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([A-Za-z_][\w.]*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"\b(?:Cpupolicy|Sprache|YamlDotNet|Iced|Scriban|HandlebarsDotNet|Spectre|System\.CommandLine)(?:\.[A-Za-z_]\w*)+")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"^(?:public|internal)?\s*(?:static\s+|sealed\s+|abstract\s+|partial\s+|readonly\s+|ref\s+)*(?:class|record(?:\s+struct)?|struct|interface|enum)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"""{3,}[\s\S]*?""{3,}")]
    private static partial Regex RawString();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"/\*[\s\S]*?\*/")]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"@?\$?""(?:\\.|[^""\\\n])*""")]
    private static partial Regex StringLiteral();
}
