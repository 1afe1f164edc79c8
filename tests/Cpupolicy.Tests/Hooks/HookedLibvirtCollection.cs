namespace Cpupolicy.Tests.Hooks;

/// <summary>The tests that share the one hooked libvirt daemon (xunit runs a collection's tests one after another).</summary>
[CollectionDefinition(HookedLibvirtDaemon.Collection)]
public sealed class HookedLibvirtCollection : ICollectionFixture<HookedLibvirtDaemon>
{
}
