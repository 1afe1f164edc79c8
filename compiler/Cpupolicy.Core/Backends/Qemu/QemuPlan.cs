using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Qemu;

/// <summary>A QEMU <c>-cpu</c> for a profile: the versioned model, and the features to add (<c>+</c>) and remove (<c>-</c>).</summary>
public sealed record QemuPlan(CpuModel Model, IReadOnlyList<FeatureDefinition> Plus, IReadOnlyList<FeatureDefinition> Minus)
{
    public int Cost => Plus.Count + Minus.Count;

    /// <summary><c>-cpu MODEL,+a,-b,...,enforce</c>, the tokens sorted by QEMU name.</summary>
    public string Render()
    {
        var tokens = Plus.Select(f => (Name: f.Spellings.Qemu!, Sign: '+'))
            .Concat(Minus.Select(f => (Name: f.Spellings.Qemu!, Sign: '-')))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => $"{t.Sign}{t.Name}");
        return $"-cpu {string.Join(",", tokens.Prepend(Model.Name).Append("enforce"))}";
    }
}
