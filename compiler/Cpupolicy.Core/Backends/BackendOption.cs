namespace Cpupolicy.Core.Backends;

/// <summary>
/// One option of a <c>target</c> block. <see cref="Values"/> lists the fixed values (the default first); a backend
/// that also takes free-form values (a model name) says so through <see cref="CheckOther"/>.
/// </summary>
public sealed record BackendOption(string Name, string Default, string Description, IReadOnlyList<string> Values)
{
    /// <summary>
    /// Judges a value outside <see cref="Values"/>, given the other options already resolved (a model name depends on
    /// the release): null when it is accepted, else a hint for the user. Null means only <see cref="Values"/> are valid.
    /// </summary>
    public Func<string, IReadOnlyDictionary<string, string>, string?>? CheckOther { get; init; }
}
