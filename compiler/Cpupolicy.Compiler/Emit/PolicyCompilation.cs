using Cpupolicy.Core.Bundle;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.IO;
using Cpupolicy.Compiler.Lowering;
using Cpupolicy.Core.Ir;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Compiler.Semantics.Checking;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Compiler.Emit;

/// <summary>
/// The compiler's one ordered stage list: parse → bind → check → lower → emit. Each stage runs only when the stages
/// before it reported no error, so emission never sees a broken policy. Nothing here writes files; see
/// <see cref="OutputWriter"/>.
/// </summary>
public static class PolicyCompilation
{
    /// <summary>The stages in order, for documentation and `--help`.</summary>
    public static readonly IReadOnlyList<string> Stages = ["parse", "bind", "check", "lower", "emit"];

    public static CompilationResult CompileFile(string path, IReadOnlyList<string>? onlyTargets = null) =>
        Compile(InputFile.ReadText(path), path, onlyTargets);

    public static CompilationResult Compile(string text, string path, IReadOnlyList<string>? onlyTargets = null)
    {
        var diagnostics = new List<Diagnostic>();

        var parsed = PolicyParser.Parse(text, path);
        diagnostics.AddRange(parsed.Diagnostics);
        if (parsed.Tree is not { } tree || HasErrors(diagnostics))
        {
            return new CompilationResult(diagnostics, parsed.Tree, null, []);
        }

        var bound = new PolicyBinder(FeatureDatabase.Default, ModelDatabase.Default, BackendRegistry.Default.All).Bind(tree, path);
        diagnostics.AddRange(bound.Diagnostics);
        if (HasErrors(diagnostics))
        {
            return new CompilationResult(diagnostics, tree, null, []);
        }

        var checkedPolicy = new PolicyChecker(FeatureDatabase.Default, ModelDatabase.Default).Check(bound);
        diagnostics.AddRange(checkedPolicy.Diagnostics);
        if (HasErrors(diagnostics))
        {
            return new CompilationResult(diagnostics, tree, null, []) { Bound = bound };
        }

        var lowered = PolicyLowerer.Lower(checkedPolicy, BackendRegistry.Default.All.Select(b => b.Name).ToList());
        if (onlyTargets is { Count: > 0 })
        {
            lowered = lowered with { Targets = SelectTargets(lowered.Targets, onlyTargets) };
        }

        try
        {
            return new CompilationResult(diagnostics, tree, lowered, Emit(lowered)) { Bound = bound };
        }
        catch (DiagnosticException e)
        {
            diagnostics.Add(e.Diagnostic);
            return new CompilationResult(diagnostics, tree, lowered, []) { Bound = bound };
        }
    }

    /// <summary>Every profile's artifact for every target, sorted by profile then backend (deterministic).</summary>
    public static IReadOnlyList<EmittedProfile> Emit(LoweredPolicy policy)
    {
        var targets = policy.Targets.OrderBy(t => t.Backend, StringComparer.Ordinal).ToList();
        return policy.Profiles
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(profile => new EmittedProfile(profile, targets.Select(t =>
            {
                var backend = BackendRegistry.Default.Get(t.Backend);
                return new Artifact(backend.Name, profile.Name + backend.FileSuffix, backend.Emit(profile, t));
            }).ToList()))
            .ToList();
    }

    /// <summary>
    /// `--target` on the command line narrows the policy's targets; a backend the policy does not declare gets its
    /// default options (the policy's own block wins when it has one).
    /// </summary>
    private static List<TargetOptions> SelectTargets(IReadOnlyList<TargetOptions> declared, IReadOnlyList<string> wanted) =>
        wanted.Distinct(StringComparer.Ordinal)
            .Select(name => declared.FirstOrDefault(t => t.Backend == name) ?? TargetOptions.Defaults(name))
            .ToList();

    private static bool HasErrors(List<Diagnostic> diagnostics) => diagnostics.Any(d => d.IsError);
}
