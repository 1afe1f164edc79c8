namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// One condition a node's labels must meet for a KubeVirt VM to be placed there: a node selector entry
/// (<c>key: value</c>, operator <c>=</c>) or a node affinity match expression (<c>In</c>, <c>NotIn</c>, <c>Exists</c>,
/// <c>DoesNotExist</c>, <c>Gt</c>, <c>Lt</c>; <c>metadata.name</c> for a match field), with where it came from
/// (<see cref="From"/>: <c>nodeSelector</c>, <c>cpu.model</c>, <c>cpu.features</c>, <c>host-model</c>, <c>affinity</c>).
/// </summary>
public sealed record NodeLabelRequirement(string Key, string Operator, IReadOnlyList<string> Values, string From)
{
    /// <summary>The key of a match field on the node's name (the only field Kubernetes lets node affinity match).</summary>
    public const string NodeNameField = "metadata.name";

    /// <summary>A node selector entry: the label must be present with exactly this value.</summary>
    public static NodeLabelRequirement Equal(string key, string value, string from) => new(key, "=", [value], from);

    /// <summary>Whether a node with these labels (and this name, for a match field) meets the condition, as the scheduler decides it.</summary>
    public bool Matches(string nodeName, IReadOnlyDictionary<string, string> labels)
    {
        string? value = Key == NodeNameField && From == "affinity field" ? nodeName : labels.GetValueOrDefault(Key);
        return Operator switch
        {
            "=" or "In" => value is not null && Values.Contains(value, StringComparer.Ordinal),
            "NotIn" => value is null || !Values.Contains(value, StringComparer.Ordinal),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            "Gt" => value is not null && long.TryParse(value, out var g) && Values.Count == 1 && long.TryParse(Values[0], out var gv) && g > gv,
            "Lt" => value is not null && long.TryParse(value, out var l) && Values.Count == 1 && long.TryParse(Values[0], out var lv) && l < lv,
            _ => false,
        };
    }

    /// <summary>What is wanted, as a person reads it: <c>"true"</c>, <c>in (a, b)</c>, <c>present</c>, <c>absent</c>, <c>&gt; 5</c>.</summary>
    public string Wants => Operator switch
    {
        "=" => $"\"{Values[0]}\"",
        "In" => $"in ({string.Join(", ", Values)})",
        "NotIn" => $"not in ({string.Join(", ", Values)})",
        "Exists" => "present",
        "DoesNotExist" => "absent",
        "Gt" => $"> {string.Join(", ", Values)}",
        "Lt" => $"< {string.Join(", ", Values)}",
        _ => $"{Operator} {string.Join(", ", Values)}",
    };
}
