using Cpupolicy.Core.IO;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Formatting;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Writes the policy a fleet change leads to, as policy text, so that the planner can run the whole compiler on it
/// (every check included) rather than patch bound values. Includes are inlined and every inventory path made
/// absolute, so the text means the same wherever it is compiled; then retired hosts are removed (their
/// declarations and their pool memberships) and added hosts declared and put into the chosen pools. A profile that
/// names a retired host directly no longer binds: that is a finding of the plan, reported by the compiler.
/// </summary>
public static class PolicyRewriter
{
    public static string Rewrite(string policyPath, IReadOnlyList<HostAddition> added, IReadOnlyList<string> removed, IReadOnlyList<string> intoPools)
    {
        var statements = new List<StatementSyntax>();
        Inline(policyPath, InputFile.ReadText(policyPath), statements, new HashSet<string>(StringComparer.Ordinal));
        var gone = removed.ToHashSet(StringComparer.Ordinal);
        var joining = intoPools.ToHashSet(StringComparer.Ordinal);
        var span = SourceSpan.ForElement(policyPath, "plan");
        var result = new List<StatementSyntax>();
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case HostFromStatementSyntax h when gone.Contains(h.Name.Text):
                case HostIsStatementSyntax i when gone.Contains(i.Name.Text):
                    break;
                case PoolStatementSyntax pool:
                    var members = pool.Members.Where(m => !gone.Contains(m.Text)).Select(m => m with { Continuation = null }).ToList();
                    if (joining.Contains(pool.Name.Text))
                    {
                        members.AddRange(added.Select(a => new NameSyntax(a.Name, span)));
                    }

                    // A pool left without hosts cannot be declared; references to it then fail to bind, which the plan reports.
                    if (members.Count > 0)
                    {
                        result.Add(pool with { Members = members.ToSyntaxList() });
                    }

                    break;
                default:
                    result.Add(statement);
                    break;
            }
        }

        var firstPool = result.FindIndex(s => s is PoolStatementSyntax);
        var declarations = added.Select(a => (StatementSyntax)new HostFromStatementSyntax(
            new NameSyntax(a.Name, span), new StringLiteralSyntax(Path.GetFullPath(a.Path), span), LineTrivia.None, span));
        result.InsertRange(firstPool < 0 ? result.Count : firstPool, declarations);
        return PolicyFormatter.Print(new PolicySyntax(result.ToSyntaxList(), [], span));
    }

    private static void Inline(string file, string text, List<StatementSyntax> output, HashSet<string> including)
    {
        var full = Path.GetFullPath(file);
        if (!including.Add(full))
        {
            // A cycle: the compiler of the original policy has reported it already.
            return;
        }

        var parsed = PolicyParser.Parse(text, file);
        var directory = Path.GetDirectoryName(full) ?? ".";
        foreach (var statement in parsed.Tree?.Statements ?? [])
        {
            switch (statement)
            {
                case IncludeStatementSyntax include:
                    var target = Path.Combine(directory, include.Path.Value);
                    Inline(target, InputFile.ReadText(target), output, including);
                    break;
                case HostFromStatementSyntax host:
                    output.Add(host with { Path = host.Path with { Value = Path.GetFullPath(Path.Combine(directory, host.Path.Value)) } });
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }

        including.Remove(full);
    }
}
