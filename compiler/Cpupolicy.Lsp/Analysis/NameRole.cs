namespace Cpupolicy.Lsp.Analysis;

/// <summary>What a name in a policy stands for, as far as its place in the syntax tells.</summary>
public enum NameRole
{
    /// <summary>The name a <c>host</c>, <c>pool</c> or <c>profile</c> statement declares.</summary>
    Declaration,

    /// <summary>A use of a host, pool or profile (pool members, <c>baseline(...)</c>, expressions, <c>uses</c>).</summary>
    Reference,

    Feature,
    Model,
    Backend,
    OptionKey,
    OptionValue,
}
