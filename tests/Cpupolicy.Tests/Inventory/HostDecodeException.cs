namespace Cpupolicy.Tests.Inventory;

/// <summary>One listed difference of host-decode-exceptions.yaml.</summary>
public sealed class HostDecodeException
{
    public string Catalog { get; set; } = string.Empty;

    public string Cpu { get; set; } = string.Empty;

    public string Difference { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;
}
