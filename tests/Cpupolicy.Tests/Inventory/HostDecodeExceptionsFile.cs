namespace Cpupolicy.Tests.Inventory;

/// <summary>The shape of host-decode-exceptions.yaml.</summary>
public sealed class HostDecodeExceptionsFile
{
    public List<HostDecodeException> Exceptions { get; set; } = [];
}
