namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// A node of a small YAML/JSON tree built by <see cref="BoundedYaml"/>: a scalar, a mapping (scalar keys, in order)
/// or a sequence, with its 1-based position.
/// </summary>
internal sealed class YamlNode
{
    private YamlNode(string? scalar, List<KeyValuePair<string, YamlNode>>? mapping, List<YamlNode>? sequence, int line, int column)
    {
        Scalar = scalar;
        Mapping = mapping;
        Sequence = sequence;
        Line = line;
        Column = column;
    }

    public string? Scalar { get; }

    public List<KeyValuePair<string, YamlNode>>? Mapping { get; }

    public List<YamlNode>? Sequence { get; }

    public int Line { get; }

    public int Column { get; }

    public static YamlNode NewScalar(string value, int line, int column) => new(value, null, null, line, column);

    public static YamlNode NewMapping(int line, int column) => new(null, [], null, line, column);

    public static YamlNode NewSequence(int line, int column) => new(null, null, [], line, column);

    /// <summary>The value of a mapping key (the first one, as Kubernetes does), or null.</summary>
    public YamlNode? this[string key] => Mapping?.FirstOrDefault(kv => kv.Key == key).Value;
}
