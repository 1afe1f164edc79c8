namespace Cpupolicy.Generator.Sources;

/// <summary>One libvirt release's x86 cpu_map: features (file order) and models (index.xml order).</summary>
public sealed record LibvirtCatalog(
    string Release,
    IReadOnlyList<LibvirtFeature> Features,
    IReadOnlyList<LibvirtModel> Models)
{
    public LibvirtFeature? FindFeature(string name) =>
        Features.FirstOrDefault(f => f.Name == name) ?? Features.FirstOrDefault(f => f.Aliases.Any(a => a.Name == name));
}
