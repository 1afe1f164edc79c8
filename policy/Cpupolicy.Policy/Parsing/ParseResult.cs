using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// What <see cref="PolicyParser.Parse"/> found: the tree, or null when the text has syntax errors (later stages
/// never see a half-parsed policy), and the diagnostics, in the order of the text.
/// </summary>
public sealed record ParseResult(PolicySyntax? Tree, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
