namespace Cpupolicy.Tests.Probe;

/// <summary>The tests that boot QEMU: one collection, so they share one <see cref="ProbeFixture"/> and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ProbeCollection : ICollectionFixture<ProbeFixture>
{
    public const string Name = "probe guests";
}
