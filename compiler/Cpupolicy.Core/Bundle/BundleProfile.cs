namespace Cpupolicy.Core.Bundle;

/// <summary>
/// One profile as bundle.json stores it: canonical feature names and each compiled target's artifact text
/// (keyed by backend name: <c>xen</c>, <c>xapi</c>, <c>libvirt</c>, ...). A target the policy did not compile is absent.
/// </summary>
public sealed record BundleProfile(string Name, string? Vendor, IReadOnlyList<string> Hosts, IReadOnlyList<string> Features, IReadOnlyDictionary<string, string> Artifacts)
{
    public string? Artifact(string backend) => Artifacts.GetValueOrDefault(backend);
}
