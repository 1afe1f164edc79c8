namespace Cpupolicy.Core.Database;

/// <summary>A CPU signature (family/model, optionally a list of steppings) that a libvirt model is meant for.</summary>
public sealed record CpuSignature(int Family, int Model, IReadOnlyList<int>? Steppings)
{
    public bool Matches(int family, int model, int stepping) =>
        Family == family && Model == model && (Steppings is null || Steppings.Contains(stepping));
}
