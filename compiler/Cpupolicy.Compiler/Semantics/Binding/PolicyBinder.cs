using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.IO;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary>
/// The bind stage: reads includes, resolves every name (features in any backend's spelling, models, hosts, pools,
/// profiles, backends and their options) and reads the hosts' inventory files. Names of hosts, pools and profiles
/// share one namespace, because a bare name in an expression may be any of them.
/// </summary>
public sealed class PolicyBinder
{
    private readonly FeatureDatabase db;
    private readonly Arm64Database arm64 = Arm64Database.Default;
    private readonly ModelDatabase models;
    private readonly IReadOnlyDictionary<string, IBackend> backends;
    private readonly List<Diagnostic> diagnostics = [];
    private readonly List<string> files = [];
    private readonly Dictionary<string, (SourceSpan Span, string Kind)> declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostSymbol> hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PoolStatementSyntax> poolSyntax = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PoolSymbol> pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProfileStatementSyntax> profileSyntax = new(StringComparer.Ordinal);

    public PolicyBinder(FeatureDatabase db, ModelDatabase models, IEnumerable<IBackend> backends)
    {
        this.db = db;
        this.models = models;
        this.backends = backends.ToDictionary(b => b.Name, StringComparer.Ordinal);
    }

    public BoundPolicy Bind(PolicySyntax root, string rootFile)
    {
        var statements = new List<(StatementSyntax Statement, string Directory)>();
        Flatten(root, rootFile, new Stack<string>(), statements);

        foreach (var (statement, directory) in statements)
        {
            Declare(statement, directory);
        }

        foreach (var name in poolSyntax.Keys)
        {
            BindPool(name, new Stack<string>());
        }

        var profiles = profileSyntax.Values.Select(BindProfile).ToList();
        CheckProfileCycles(profiles);

        var vmRules = new List<VmRule>();
        VmRule? defaultRule = null;
        var targets = new List<BoundTarget>();
        foreach (var (statement, _) in statements)
        {
            switch (statement)
            {
                case VmStatementSyntax vm:
                    if (ResolveProfileName(vm.Profile))
                    {
                        vmRules.Add(new VmRule(vm.Glob.Value, vm.Profile.Text, vm.Span));
                    }

                    break;
                case DefaultStatementSyntax d:
                    if (defaultRule is not null)
                    {
                        Report(DiagnosticCatalog.DuplicateDefault, d.Span, "`default uses` appears twice", $"keep one; the first is at line {defaultRule.Span.Line}");
                    }
                    else if (ResolveProfileName(d.Profile))
                    {
                        defaultRule = new VmRule(null, d.Profile.Text, d.Span);
                    }

                    break;
                case TargetStatementSyntax t:
                    BindTarget(t, targets);
                    break;
            }
        }

        return new BoundPolicy
        {
            Files = files,
            Hosts = hosts.Values.ToList(),
            Pools = pools.Values.ToList(),
            Profiles = profiles,
            VmRules = vmRules,
            Default = defaultRule,
            Targets = targets,
            Diagnostics = diagnostics.ToList(),
        };
    }

    private void Flatten(PolicySyntax tree, string file, Stack<string> including, List<(StatementSyntax, string)> output)
    {
        var full = Path.GetFullPath(file);
        files.Add(file);
        including.Push(full);
        var directory = Path.GetDirectoryName(full) ?? ".";
        foreach (var statement in tree.Statements)
        {
            if (statement is not IncludeStatementSyntax include)
            {
                output.Add((statement, directory));
                continue;
            }

            var target = Path.GetFullPath(Path.Combine(directory, include.Path.Value));
            if (including.Contains(target))
            {
                Report(DiagnosticCatalog.IncludeCycle, include.Path.Span, $"including `{include.Path.Value}` here creates a cycle ({string.Join(" -> ", including.Reverse().Select(Path.GetFileName))} -> {Path.GetFileName(target)})", "remove one of the includes");
                continue;
            }

            string text;
            try
            {
                text = InputFile.ReadText(target);
            }
            catch (DiagnosticException e)
            {
                Report(DiagnosticCatalog.IncludeUnreadable, include.Path.Span, $"cannot include `{include.Path.Value}`: {e.Diagnostic.Message}", "paths are relative to the including file");
                continue;
            }

            var displayName = Path.GetRelativePath(Environment.CurrentDirectory, target);
            var parsed = PolicyParser.Parse(text, displayName);
            diagnostics.AddRange(parsed.Diagnostics);
            if (parsed.Tree is { } included)
            {
                Flatten(included, displayName, including, output);
            }
        }

        including.Pop();
    }

    private void Declare(StatementSyntax statement, string directory)
    {
        switch (statement)
        {
            case HostFromStatementSyntax from when TryDeclare(from.Name, "host"):
                BindHostFrom(from, directory);
                break;
            case HostIsStatementSyntax isModel when TryDeclare(isModel.Name, "host"):
                BindHostIs(isModel);
                break;
            case PoolStatementSyntax pool when TryDeclare(pool.Name, "pool"):
                poolSyntax[pool.Name.Text] = pool;
                break;
            case ProfileStatementSyntax profile when TryDeclare(profile.Name, "profile"):
                profileSyntax[profile.Name.Text] = profile;
                break;
        }
    }

    private bool TryDeclare(NameSyntax name, string kind)
    {
        if (declared.TryGetValue(name.Text, out var first))
        {
            Report(DiagnosticCatalog.DuplicateName, name.Span, $"`{name.Text}` is declared twice (first as a {first.Kind} at {first.Span})", "rename one of them; hosts, pools and profiles share one namespace");
            return false;
        }

        declared[name.Text] = (name.Span, kind);
        return true;
    }

    private void BindHostFrom(HostFromStatementSyntax from, string directory)
    {
        var path = Path.Combine(directory, from.Path.Value);
        try
        {
            var read = BulkInventory.Read(path, new InventoryOptions { Models = models }, null);
            if (read.Count == 1)
            {
                hosts[from.Name.Text] = HostSymbol.FromInventory(from.Name.Text, from.Name.Span, read[0].Host, $"from \"{from.Path.Value}\"", db);
            }
            else
            {
                BindNodeList(from, read);
            }
        }
        catch (DiagnosticException e)
        {
            Report(DiagnosticCatalog.HostInventoryUnreadable, from.Path.Span, $"cannot read host `{from.Name.Text}` from `{from.Path.Value}`: {e.Diagnostic}", "paths are relative to the policy file; see docs/inventory-formats.md for the formats");
        }
    }

    /// <summary>
    /// <c>host NAME from "nodes.yaml"</c> where the file is a <c>kubectl get nodes</c> list: one host per node, named by
    /// the node, and NAME the pool of them (a list is a cluster, and a profile or pool names it as one).
    /// </summary>
    private void BindNodeList(HostFromStatementSyntax from, IReadOnlyList<(string Name, HostCapability Host)> nodes)
    {
        declared[from.Name.Text] = (from.Name.Span, "pool");
        var members = new List<HostSymbol>();
        foreach (var (name, node) in nodes)
        {
            if (!SyntaxFacts.IsValidName(name))
            {
                Report(DiagnosticCatalog.NodeNameNotAHostName, from.Path.Span,
                    $"node `{name}` of `{from.Path.Value}` cannot be a host name of a policy (a name starts with a letter or `_` and has letters, digits, `_`, `.`, `-`; no keyword)",
                    "save that node on its own and declare it with a name: `host NAME from \"node.yaml\"`");
                continue;
            }

            if (declared.TryGetValue(name, out var first))
            {
                Report(DiagnosticCatalog.DuplicateName, from.Path.Span, $"node `{name}` of `{from.Path.Value}` is declared twice (first as a {first.Kind} at {first.Span})", "rename the other declaration; a node list declares one host per node, named by the node");
                continue;
            }

            declared[name] = (from.Path.Span, "host");
            var host = HostSymbol.FromInventory(name, from.Path.Span, node, $"from \"{from.Path.Value}\" (node {name})", db);
            hosts[name] = host;
            members.Add(host);
        }

        pools[from.Name.Text] = new PoolSymbol(from.Name.Text, from.Name.Span, members);
    }

    private void BindHostIs(HostIsStatementSyntax isModel)
    {
        if (FindModel(isModel.Model) is { } model)
        {
            var resolved = models.Resolve(model);
            hosts[isModel.Name.Text] = HostSymbol.Create(isModel.Name.Text, isModel.Name.Span, resolved.Features, resolved.Vendor, $"is {model.Name}", db);
        }
    }

    private CpuModel? FindModel(NameSyntax name)
    {
        var model = models.Find(name.Text);
        if (model is null)
        {
            Report(DiagnosticCatalog.UnknownModel, name.Span, $"no CPU model is named `{name.Text}`", DidYouMean(models.Suggest(name.Text), "`cpupolicy models` lists them"));
        }

        return model;
    }

    private PoolSymbol? BindPool(string name, Stack<string> visiting)
    {
        if (pools.TryGetValue(name, out var done))
        {
            return done;
        }

        var syntax = poolSyntax[name];
        if (visiting.Contains(name))
        {
            Report(DiagnosticCatalog.PoolCycle, syntax.Name.Span, $"pool `{name}` contains itself (through {string.Join(" -> ", visiting.Reverse())})", "a pool may contain other pools, but not in a loop");
            return null;
        }

        visiting.Push(name);
        var members = new List<HostSymbol>();
        foreach (var member in syntax.Members)
        {
            members.AddRange(ResolveHosts(member, visiting, "pool members"));
        }

        visiting.Pop();
        var pool = new PoolSymbol(name, syntax.Name.Span, members.Distinct().ToList());
        pools[name] = pool;
        return pool;
    }

    /// <summary>The hosts a name stands for in a pool or a baseline: a host, or a pool's hosts.</summary>
    private IEnumerable<HostSymbol> ResolveHosts(NameSyntax name, Stack<string> visiting, string where)
    {
        if (hosts.TryGetValue(name.Text, out var host))
        {
            return [host];
        }

        if (poolSyntax.ContainsKey(name.Text))
        {
            return BindPool(name.Text, visiting)?.Hosts ?? [];
        }

        if (pools.TryGetValue(name.Text, out var nodeList))
        {
            // The hosts of a node list (`host NAME from "nodes.yaml"`).
            return nodeList.Hosts;
        }

        if (declared.TryGetValue(name.Text, out var other))
        {
            if (other.Kind != "host")
            {
                Report(DiagnosticCatalog.WrongKindOfName, name.Span, $"`{name.Text}` is a {other.Kind}, but {where} must be hosts or pools", "name hosts or pools here");
            }

            // A host whose inventory could not be read has been reported already.
            return [];
        }

        ReportUndeclared(name, "host or pool");
        return [];
    }

    private ProfileSymbol BindProfile(ProfileStatementSyntax syntax)
    {
        var expression = BindExpression(syntax.Expression);
        var constraints = new List<BoundConstraint>();
        foreach (var entry in syntax.Constraints?.Entries ?? [])
        {
            switch (entry)
            {
                case RequireConstraintSyntax require:
                    constraints.Add(new BoundRequire(require.Span, BindFeatures(require.Features)));
                    break;
                case ForbidConstraintSyntax forbid:
                    constraints.Add(new BoundForbid(forbid.Span, BindFeatures(forbid.Features)));
                    break;
                case VendorConstraintSyntax vendor:
                    constraints.Add(new BoundVendor(vendor.VendorSpan, CpuVendors.Parse(SyntaxFacts.VendorText(vendor.Vendor))));
                    break;
            }
        }

        return new ProfileSymbol(syntax.Name.Text, syntax.Name.Span, expression, constraints);
    }

    private BoundExpression BindExpression(ExpressionSyntax syntax)
    {
        switch (syntax)
        {
            case FeatureSetExpressionSyntax set:
                return new BoundFeatureList(set.Span, BindFeatures(set.Features));
            case ModelExpressionSyntax m:
                var model = FindModel(m.Model);
                return model is null ? new BoundFeatureList(m.Span, []) : new BoundModel(m.Span, model);
            case BaselineExpressionSyntax b:
                var members = b.Sources.SelectMany(s => ResolveHosts(s, new Stack<string>(), "baseline arguments")).Distinct().ToList();
                return members.Count == 0 ? new BoundFeatureList(b.Span, []) : new BoundBaseline(b.Span, members);
            case NameExpressionSyntax n:
                return BindName(n);
            case ParenthesizedExpressionSyntax p:
                return BindExpression(p.Inner);
            case BinaryExpressionSyntax bin:
                var op = bin.Operator switch
                {
                    BinaryOperator.Union => SetOperator.Union,
                    BinaryOperator.Difference => SetOperator.Difference,
                    _ => SetOperator.Intersection,
                };
                return new BoundBinary(bin.Span, op, BindExpression(bin.Left), BindExpression(bin.Right));
            default:
                throw new InvalidOperationException($"unhandled syntax {syntax.GetType().Name}");
        }
    }

    private BoundExpression BindName(NameExpressionSyntax n)
    {
        var text = n.Name.Text;
        if (hosts.TryGetValue(text, out var host))
        {
            return new BoundHostReference(n.Span, host);
        }

        if (pools.TryGetValue(text, out var pool))
        {
            return pool.Hosts.Count == 0 ? new BoundFeatureList(n.Span, []) : new BoundPoolReference(n.Span, pool);
        }

        if (profileSyntax.ContainsKey(text))
        {
            return new BoundProfileReference(n.Span, text);
        }

        if (!declared.ContainsKey(text))
        {
            var hint = db.Find(text) is { } feature
                ? $"`{text}` is a feature: write `{{{feature.Name}}}`"
                : models.Find(text) is { } model
                    ? $"`{text}` is a CPU model: write `model({model.Name})`"
                    : null;
            ReportUndeclared(n.Name, "profile, host or pool", hint);
        }

        return new BoundFeatureList(n.Span, []);
    }

    private List<BoundFeatureName> BindFeatures(IEnumerable<NameSyntax> names)
    {
        var result = new List<BoundFeatureName>();
        foreach (var name in names)
        {
            if (name.AtLeast is { } level)
            {
                // `FIELD >= LEVEL` names an aarch64 field level; nothing on x86 is written this way.
                if (Arm64Names.AtLeast(arm64, name.Text, level.Text, out var problem) is { } atLeast)
                {
                    result.Add(new BoundFeatureName(null, name.Display, name.Span) { Arm64 = atLeast });
                }
                else
                {
                    Report(DiagnosticCatalog.Arm64LevelUnknown, name.Span, problem!, "the fields and their levels are in compiler/Cpupolicy.Core/Database/Data/aarch64.json (docs/arm64.md); short register names drop `ID_AA64` and `_EL1` (`ISAR0.AES`)");
                }

                continue;
            }

            var feature = db.Find(name.Text);
            var armFeature = Arm64Names.Find(arm64, name.Text);
            if (feature is not null || armFeature is not null)
            {
                result.Add(new BoundFeatureName(feature, name.Text, name.Span) { Arm64 = armFeature });
            }
            else
            {
                var suggestions = db.Suggest(name.Text).Concat(arm64.Suggest(name.Text)).Distinct(StringComparer.Ordinal).Take(3).ToList();
                Report(DiagnosticCatalog.UnknownFeature, name.Span, $"no CPU feature is named `{name.Text}`", DidYouMean(suggestions, "`cpupolicy features` lists every feature and its spellings"));
            }
        }

        return result;
    }

    private bool ResolveProfileName(NameSyntax name)
    {
        if (profileSyntax.ContainsKey(name.Text))
        {
            return true;
        }

        if (declared.TryGetValue(name.Text, out var other))
        {
            Report(DiagnosticCatalog.WrongKindOfName, name.Span, $"`{name.Text}` is a {other.Kind}, not a profile", "`uses` takes a profile name");
        }
        else
        {
            ReportUndeclared(name, "profile");
        }

        return false;
    }

    private void CheckProfileCycles(IReadOnlyList<ProfileSymbol> profiles)
    {
        var byName = profiles.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            Visit(profile, new Stack<string>());
        }

        void Visit(ProfileSymbol profile, Stack<string> path)
        {
            if (state.GetValueOrDefault(profile.Name) == 2)
            {
                return;
            }

            if (state.GetValueOrDefault(profile.Name) == 1)
            {
                Report(DiagnosticCatalog.ProfileCycle, profile.Span, $"profile `{profile.Name}` is defined in terms of itself ({string.Join(" -> ", path.Reverse().Append(profile.Name))})", "break the loop: define one of them without the other");
                return;
            }

            state[profile.Name] = 1;
            path.Push(profile.Name);
            foreach (var reference in References(profile.Expression))
            {
                Visit(byName[reference], path);
            }

            path.Pop();
            state[profile.Name] = 2;
        }

        static IEnumerable<string> References(BoundExpression e) => e switch
        {
            BoundProfileReference r => [r.ProfileName],
            BoundBinary b => References(b.Left).Concat(References(b.Right)),
            _ => [],
        };
    }

    private void BindTarget(TargetStatementSyntax t, List<BoundTarget> targets)
    {
        var name = t.Backend.Text;
        if (!backends.TryGetValue(name, out var backend))
        {
            Report(DiagnosticCatalog.UnknownBackend, t.Backend.Span, $"there is no backend `{name}`", DidYouMean(NameSuggester.Suggest(name, backends.Keys), $"backends: {string.Join(", ", backends.Keys.Order(StringComparer.Ordinal))}"));
            return;
        }

        if (targets.FirstOrDefault(x => x.Options.Backend == name) is { } earlier)
        {
            Report(DiagnosticCatalog.DuplicateTarget, t.Backend.Span, $"`target {name}` appears twice", $"merge it with the one at line {earlier.Span.Line}");
            return;
        }

        // Each option is judged at its own span; the backend knows which keys and values it takes.
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in t.Options?.Entries ?? [])
        {
            values[option.Key.Text] = option.Value.Text;
        }

        var options = new TargetOptions(name, values);
        var problems = BackendOptions.Validate(backend, options, t.Options?.Span ?? t.Span);
        foreach (var problem in problems)
        {
            var at = t.Options?.Entries.FirstOrDefault(o => problem.Message.Contains($"`{o.Key.Text}`", StringComparison.Ordinal));
            diagnostics.Add(at is null ? problem : problem with { Span = at.Span });
        }

        if (problems.Count == 0)
        {
            targets.Add(new BoundTarget(t.Span, options));
        }
    }

    private void ReportUndeclared(NameSyntax name, string kind, string? hint = null)
    {
        var suggestions = NameSuggester.Suggest(name.Text, declared.Keys);
        Report(DiagnosticCatalog.UndeclaredName, name.Span, $"no {kind} named `{name.Text}` is declared", hint ?? DidYouMean(suggestions, $"declare it with `host`, `pool` or `profile` before using it"));
    }

    private static string DidYouMean(IReadOnlyList<string> suggestions, string otherwise) =>
        NameSuggester.DidYouMean(suggestions) ?? otherwise;

    private void Report(DiagnosticDescriptor descriptor, SourceSpan span, string message, string? hint = null) =>
        diagnostics.Add(descriptor.Create(span, message, hint));
}
