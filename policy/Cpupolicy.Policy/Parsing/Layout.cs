namespace Cpupolicy.Policy.Parsing;

/// <summary>Where the grammar is: on a statement's own line, or inside <c>( )</c> / a feature set's <c>{ }</c>.</summary>
internal enum Layout
{
    /// <summary>Only spaces and tabs separate tokens; a newline ends the statement (except after a comma).</summary>
    Line,

    /// <summary>Inside an unclosed <c>(</c> or feature-set <c>{</c>: newlines and comments separate tokens too.</summary>
    Group,
}
