namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// Where the grammar failed and what it expected there, with the parser library's types stripped off.
/// <paramref name="StatementStart"/> is the offset where the failed statement began.
/// </summary>
internal sealed record SyntaxFailure(int Offset, IReadOnlySet<string> Expected, int StatementStart);
