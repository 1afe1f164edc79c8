namespace Cpupolicy.Tests.Analyses;

/// <summary>The shape of libvirt-compare-exceptions.yaml.</summary>
public sealed class LibvirtCompareExceptionsFile
{
    public List<LibvirtCompareException> Exceptions { get; set; } = [];
}
