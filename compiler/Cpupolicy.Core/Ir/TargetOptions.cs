namespace Cpupolicy.Core.Ir;

/// <summary>
/// The options of one <c>target BACKEND { ... }</c> block, as plain key/value pairs (validated by the checker
/// against each backend's known options). Missing keys take the backend's defaults.
/// </summary>
public sealed record TargetOptions(string Backend, IReadOnlyDictionary<string, string> Values)
{
    public static TargetOptions Defaults(string backend) => new(backend, new Dictionary<string, string>(StringComparer.Ordinal));

    public string Get(string key, string fallback) => Values.TryGetValue(key, out var v) ? v : fallback;
}
