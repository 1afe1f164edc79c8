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
                    names.Add(new(host.Name.Text, host.Name.Span, NameRole.Declaration, "host"));
                    break;
                case HostIsStatementSyntax host:
                    names.Add(new(host.Name.Text, host.Name.Span, NameRole.Declaration, "host"));
                    names.Add(new(host.Model.Text, host.Model.Span, NameRole.Model));
                    break;
                case PoolStatementSyntax pool:
                    names.Add(new(pool.Name.Text, pool.Name.Span, NameRole.Declaration, "pool"));
                    names.AddRange(pool.Members.Select(m => new NameOccurrence(m.Text, m.Span, NameRole.Reference)));
                    break;
                case ProfileStatementSyntax profile:
                    names.Add(new(profile.Name.Text, profile.Name.Span, NameRole.Declaration, "profile"));
                    Expression(profile.Expression, names);
                    foreach (var constraint in profile.Constraints?.Entries ?? [])
                    {
                        var features = constraint switch
                        {
                            RequireConstraintSyntax r => r.Features,
                            ForbidConstraintSyntax f => f.Features,
                            _ => null,
                        };
                        names.AddRange((features ?? []).Select(f => new NameOccurrence(f.Text, f.Span, NameRole.Feature)));
                    }

                    break;
                case VmStatementSyntax vm:
                    names.Add(new(vm.Profile.Text, vm.Profile.Span, NameRole.Reference));
                    break;
                case DefaultStatementSyntax d:
                    names.Add(new(d.Profile.Text, d.Profile.Span, NameRole.Reference));
                    break;
                case TargetStatementSyntax target:
                    names.Add(new(target.Backend.Text, target.Backend.Span, NameRole.Backend));
                    foreach (var option in target.Options?.Entries ?? [])
                    {
                        names.Add(new(option.Key.Text, option.Key.Span, NameRole.OptionKey, Backend: target.Backend.Text));
                        names.Add(new(option.Value.Text, option.Value.Span, NameRole.OptionValue, Backend: target.Backend.Text, OptionKey: option.Key.Text));
                    }

                    break;
            }
        }

        return names;
    }

    private static void Expression(ExpressionSyntax expression, List<NameOccurrence> names)
    {
        switch (expression)
        {
            case BaselineExpressionSyntax b:
                names.AddRange(b.Sources.Select(s => new NameOccurrence(s.Text, s.Span, NameRole.Reference)));
                break;
            case ModelExpressionSyntax m:
                names.Add(new(m.Model.Text, m.Model.Span, NameRole.Model));
                break;
            case NameExpressionSyntax n:
                names.Add(new(n.Name.Text, n.Name.Span, NameRole.Reference));
                break;
            case FeatureSetExpressionSyntax set:
                names.AddRange(set.Features.Select(f => new NameOccurrence(f.Text, f.Span, NameRole.Feature)));
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
