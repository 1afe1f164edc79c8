using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Lsp.Analysis;

/// <summary>Every name of a syntax tree with its role: the index behind hover, go-to-definition, references and rename.</summary>
public static class SyntaxNames
{
    public static IReadOnlyList<NameOccurrence> Collect(PolicySyntax tree)
    {
        var names = new List<NameOccurrence>();
        foreach (var statement in tree.Statements)
        {
            switch (statement)
            {
                case HostFromStatementSyntax host:
                    Add(names, host.Name, NameRole.Declaration, "host");
                    break;
                case HostIsStatementSyntax host:
                    Add(names, host.Name, NameRole.Declaration, "host");
                    Add(names, host.Model, NameRole.Model);
                    break;
                case PoolStatementSyntax pool:
                    Add(names, pool.Name, NameRole.Declaration, "pool");
                    AddAll(names, pool.Members, NameRole.Reference);
                    break;
                case ProfileStatementSyntax profile:
                    Add(names, profile.Name, NameRole.Declaration, "profile");
                    Expression(profile.Expression, names);
                    foreach (var constraint in profile.Constraints?.Entries ?? [])
                    {
                        var features = constraint switch
                        {
                            RequireConstraintSyntax r => r.Features,
                            ForbidConstraintSyntax f => f.Features,
                            _ => null,
                        };
                        AddAll(names, features ?? [], NameRole.Feature);
                    }

                    break;
                case VmStatementSyntax vm:
                    Add(names, vm.Profile, NameRole.Reference);
                    break;
                case DefaultStatementSyntax d:
                    Add(names, d.Profile, NameRole.Reference);
                    break;
                case TargetStatementSyntax target:
                    Add(names, target.Backend, NameRole.Backend);
                    foreach (var option in target.Options?.Entries ?? [])
                    {
                        Add(names, option.Key, NameRole.OptionKey, backend: target.Backend.Text);
                        Add(names, option.Value, NameRole.OptionValue, backend: target.Backend.Text, optionKey: option.Key.Text);
                    }

                    break;
            }
        }

        return names;
    }

    private static void Add(List<NameOccurrence> names, NameSyntax name, NameRole role, string? kind = null, string? backend = null, string? optionKey = null) =>
        names.Add(new NameOccurrence(name.Text, name.Span, role, kind, backend, optionKey));

    private static void AddAll(List<NameOccurrence> names, IEnumerable<NameSyntax> list, NameRole role)
    {
        foreach (var name in list)
        {
            Add(names, name, role);
        }
    }

    private static void Expression(ExpressionSyntax expression, List<NameOccurrence> names)
    {
        switch (expression)
        {
            case BaselineExpressionSyntax b:
                AddAll(names, b.Sources, NameRole.Reference);
                break;
            case ModelExpressionSyntax m:
                Add(names, m.Model, NameRole.Model);
                break;
            case NameExpressionSyntax n:
                Add(names, n.Name, NameRole.Reference);
                break;
            case FeatureSetExpressionSyntax set:
                AddAll(names, set.Features, NameRole.Feature);
                break;
            case BinaryExpressionSyntax bin:
                Expression(bin.Left, names);
                Expression(bin.Right, names);
                break;
            case ParenthesizedExpressionSyntax p:
                Expression(p.Inner, names);
                break;
        }
    }
}
