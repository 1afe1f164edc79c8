using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Compiler.Lowering;
using Cpupolicy.Core.Ir;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Compiler.Semantics.Checking;
using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Compiler;

/// <summary>
/// The root of a compilation, and the compiler's one ordered stage list: parse → bind → check → lower → emit. Each
/// stage's output is a property, so an analysis takes the stage it needs (the fleet analyses the bound hosts and
/// pools, <c>compile</c> the emitted artifacts). Each stage runs only when the stages before it reported no error, so
/// a stage's output is null (or empty) after an error and emission never sees a broken policy. Nothing here writes
/// files; see <see cref="OutputWriter"/>.
/// </summary>
public sealed record Compilation(
    IReadOnlyList<Diagnostic> Diagnostics,
    PolicySyntax? Syntax,
    LoweredPolicy? Lowered,
    IReadOnlyList<EmittedProfile> Profiles)
{
    /// <summary>The stages in order: (name, the folder that holds it, the output property).</summary>
    public static readonly IReadOnlyList<(string Name, string Folder, string Output)> StageTable =
    [
        ("parse", "policy/Cpupolicy.Policy/Parsing", nameof(Syntax)),
        ("bind", "compiler/Cpupolicy.Compiler/Semantics/Binding", nameof(Bound)),
        ("check", "compiler/Cpupolicy.Compiler/Semantics/Checking", nameof(Checked)),
        ("lower", "compiler/Cpupolicy.Compiler/Lowering", nameof(Lowered)),
        ("emit", "compiler/Cpupolicy.Compiler/Emit", nameof(Profiles)),
    ];

    /// <summary>The stage names in order, for documentation and `--help`.</summary>
    public static readonly IReadOnlyList<string> Stages = StageTable.Select(s => s.Name).ToList();

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The bind stage's output (hosts with their capabilities, pools, rules, targets), or null.</summary>
    public BoundPolicy? Bound { get; init; }

    /// <summary>The check stage's output (every profile's value), or null.</summary>
    public CheckedPolicy? Checked { get; init; }

    public static Compilation CompileFile(string path, IReadOnlyList<string>? onlyTargets = null) =>
        Compile(InputFile.ReadText(path), path, onlyTargets);

    public static Compilation Compile(string text, string path, IReadOnlyList<string>? onlyTargets = null)
    {
        var diagnostics = new List<Diagnostic>();

        var parsed = PolicyParser.Parse(text, path);
        diagnostics.AddRange(parsed.Diagnostics);
        if (parsed.Tree is not { } tree || HasErrorsIn(diagnostics))
        {
            return new Compilation(diagnostics, parsed.Tree, null, []);
        }

        var bound = new PolicyBinder(FeatureDatabase.Default, ModelDatabase.Default, BackendRegistry.Default.All).Bind(tree, path);
        diagnostics.AddRange(bound.Diagnostics);
        if (HasErrorsIn(diagnostics))
        {
            return new Compilation(diagnostics, tree, null, []);
        }

        var checkedPolicy = new PolicyChecker(FeatureDatabase.Default, ModelDatabase.Default).Check(bound);
        diagnostics.AddRange(checkedPolicy.Diagnostics);
        if (HasErrorsIn(diagnostics))
        {
            return new Compilation(diagnostics, tree, null, []) { Bound = bound, Checked = checkedPolicy };
        }

        var lowered = PolicyLowerer.Lower(checkedPolicy, BackendRegistry.Default.All.Select(b => b.Name).ToList());
        if (onlyTargets is { Count: > 0 })
        {
            lowered = lowered with { Targets = SelectTargets(lowered.Targets, onlyTargets) };
        }

        diagnostics.AddRange(Arm64TargetWarnings.Check(lowered));
        try
        {
            var emitted = ArtifactEmitter.Emit(lowered);
            diagnostics.AddRange(ArtifactEmitter.Warnings(lowered, path));
            return new Compilation(diagnostics, tree, lowered, emitted) { Bound = bound, Checked = checkedPolicy };
        }
        catch (DiagnosticException e)
        {
            diagnostics.Add(e.Diagnostic);
            return new Compilation(diagnostics, tree, lowered, []) { Bound = bound, Checked = checkedPolicy };
        }
    }

    /// <summary>
    /// `--target` on the command line narrows the policy's targets; a backend the policy does not declare gets its
    /// default options (the policy's own block wins when it has one).
    /// </summary>
    private static List<TargetOptions> SelectTargets(IReadOnlyList<TargetOptions> declared, IReadOnlyList<string> wanted) =>
        wanted.Distinct(StringComparer.Ordinal)
            .Select(name => declared.FirstOrDefault(t => t.Backend == name) ?? TargetOptions.Defaults(name))
            .ToList();

    private static bool HasErrorsIn(List<Diagnostic> diagnostics) => diagnostics.Any(d => d.IsError);
}
