using System.Text.Json;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Architecture;

/// <summary>
/// The layering of docs/architecture.md, enforced: every product assembly references only what layers.json allows,
/// every product source file imports only the namespaces its component may, and the hook program's package closure
/// has none of the compiler's packages. The last tests show the checker failing on deliberately wrong imports.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>The product source folders (tests, fuzz and bench are not layered).</summary>
    private static readonly string[] SourceFolders =
    [
        "compiler/Cpupolicy.Core", "compiler/Cpupolicy.Hooks", "compiler/Cpupolicy.Compiler", "compiler/Cpupolicy.Cli",
        "compiler/Cpupolicy.Generator", "policy/Cpupolicy.Policy", "hooks/Cpupolicy.Hook",
    ];

    private static readonly string[] ForbiddenInHook =
        ["Sprache", "Handlebars.Net", "Scriban.Signed", "Scriban", "Iced", "YamlDotNet", "Spectre.Console", "System.CommandLine"];

    private static LayerRules Rules => LayerRules.Load(LayerRules.DefaultPath);

    [Fact]
    public void Every_product_assembly_references_only_what_layers_json_allows()
    {
        var checker = new LayeringChecker(Rules);
        var bin = AppContext.BaseDirectory;
        var assemblies = new[] { "Cpupolicy.Core", "Cpupolicy.Policy", "Cpupolicy.Hooks", "Cpupolicy.Compiler", "cpupolicy", "cpupolicy-hook", "cpupolicy-gen" };
        var problems = new List<string>();
        foreach (var name in assemblies)
        {
            var path = Path.Combine(bin, name + ".dll");
            Assert.True(File.Exists(path), $"{path} is missing: the test project references every product project");
            problems.AddRange(checker.CheckAssemblyFile(path));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_product_source_file_imports_only_what_its_component_may()
    {
        var files = SourceFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepoData.RepoRoot, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(RepoData.RepoRoot, f), Text: File.ReadAllText(f)))
            .ToList();
        Assert.True(files.Count > 300, $"only {files.Count} source files found");
        var types = LayeringChecker.DeclaredTypes(files.Select(f => f.Text));
        var checker = new LayeringChecker(Rules);
        var problems = files.SelectMany(f => checker.CheckSource(f.Path, f.Text, types)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_hook_programs_package_closure_has_none_of_the_compilers_packages()
    {
        var assets = Path.Combine(RepoData.RepoRoot, "hooks", "Cpupolicy.Hook", "obj", "project.assets.json");
        using var document = JsonDocument.Parse(File.ReadAllText(assets));
        var packages = document.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(l => l.Value.GetProperty("type").GetString() == "package")
            .Select(l => l.Name.Split('/')[0])
            .ToList();
        var forbidden = packages.Where(p => ForbiddenInHook.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(forbidden.Count == 0, $"cpupolicy-hook's package closure has {string.Join(", ", forbidden)}");
    }

    [Fact]
    public void The_rules_name_only_components_and_assemblies_they_define()
    {
        var rules = Rules;
        var unknown = rules.Namespaces.Values.SelectMany(v => v)
            .Select(e => e.EndsWith(".*", StringComparison.Ordinal) ? e[..^2] : e)
            .Where(e => !rules.Namespaces.ContainsKey(e) && !rules.Namespaces.Keys.Any(k => k.StartsWith(e + ".", StringComparison.Ordinal)) && !rules.CheckedNamespaces.Contains(e))
            .ToList();
        Assert.True(unknown.Count == 0, "entries naming no component: " + string.Join(", ", unknown));
        Assert.All(rules.Assemblies.Values.SelectMany(v => v), a => Assert.Contains(a, rules.CheckedAssemblies));
    }

    // The test of the test: the same checker, on deliberately wrong imports.

    [Fact]
    public void The_checker_fails_a_core_file_that_imports_a_compiler_stage()
    {
        const string source = """
            using Cpupolicy.Compiler.Semantics.Binding;

            namespace Cpupolicy.Core.Database;

            public static class Leak
            {
                public static BoundPolicy? Policy { get; set; }
            }
            """;
        var problems = new LayeringChecker(Rules).CheckSource("Leak.cs", source, new Dictionary<string, IReadOnlySet<string>>());
        var problem = Assert.Single(problems);
        Assert.Contains("Cpupolicy.Core.Database imports Cpupolicy.Compiler.Semantics.Binding", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_checker_fails_a_qualified_name_and_an_enclosing_namespaces_type()
    {
        const string source = """
            namespace Cpupolicy.Compiler.Semantics.Binding;

            public static class Leak
            {
                public static Compilation? Root { get; set; }

                public static object Lowered => new Cpupolicy.Compiler.Lowering.LoweredPolicy([], [], null, []);
            }
            """;
        var types = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal) { ["Cpupolicy.Compiler"] = new HashSet<string> { "Compilation" } };
        var problems = new LayeringChecker(Rules).CheckSource("Leak.cs", source, types);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("imports Cpupolicy.Compiler.Compilation", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("imports Cpupolicy.Compiler.Lowering.LoweredPolicy", StringComparison.Ordinal));
    }

    [Fact]
    public void The_checker_fails_a_hook_runtime_that_imports_a_package_and_ignores_comments_and_strings()
    {
        const string source = """
            using YamlDotNet.RepresentationModel;
            using Cpupolicy.Core.Diagnostics;

            namespace Cpupolicy.Hooks;

            // Cpupolicy.Compiler.Analyses in a comment is no import, nor is "Cpupolicy.Policy.Parsing" in a string.
            public static class Leak
            {
                public const string Text = "Cpupolicy.Policy.Parsing";
            }
            """;
        var problem = Assert.Single(new LayeringChecker(Rules).CheckSource("Leak.cs", source, new Dictionary<string, IReadOnlySet<string>>()));
        Assert.Contains("imports YamlDotNet.RepresentationModel", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_checker_fails_an_assembly_with_a_forbidden_reference()
    {
        var checker = new LayeringChecker(Rules);
        var problem = Assert.Single(checker.CheckAssembly("Cpupolicy.Hooks", ["System.Runtime", "Cpupolicy.Core", "YamlDotNet"]));
        Assert.Contains("Cpupolicy.Hooks references YamlDotNet", problem, StringComparison.Ordinal);

        // And on a real assembly file, under rules that forbid what it really references.
        var strict = Rules with { Assemblies = new Dictionary<string, IReadOnlyList<string>>(Rules.Assemblies) { ["Cpupolicy.Hooks"] = [] } };
        var real = new LayeringChecker(strict).CheckAssemblyFile(Path.Combine(AppContext.BaseDirectory, "Cpupolicy.Hooks.dll"));
        Assert.Contains(real, p => p.Contains("Cpupolicy.Hooks references Cpupolicy.Core", StringComparison.Ordinal));
    }

    [Fact]
    public void The_checker_fails_a_namespace_without_a_rule()
    {
        foreach (var ns in new[] { "Cpupolicy.Unruled", "Elsewhere.Thing" })
        {
            var problems = new LayeringChecker(Rules).CheckSource("X.cs", $"namespace {ns};\n", new Dictionary<string, IReadOnlySet<string>>());
            Assert.Contains("has no rule", Assert.Single(problems), StringComparison.Ordinal);
        }
    }
}
