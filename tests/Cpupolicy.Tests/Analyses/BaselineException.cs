namespace Cpupolicy.Tests.Analyses;

/// <summary>One listed difference of baseline-exceptions.yaml.</summary>
public sealed class BaselineException
{
    /// <summary><c>virsh</c> (pairs and triples through <c>virsh cpu-baseline</c>) or <c>expected</c> (libvirt's cputestdata results).</summary>
    public string Oracle { get; set; } = string.Empty;

    /// <summary>The CPUs joined by <c>+</c>, or the expected file's name.</summary>
    public string Cpus { get; set; } = string.Empty;

    public string Difference { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;
}
