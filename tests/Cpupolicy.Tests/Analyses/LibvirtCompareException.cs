namespace Cpupolicy.Tests.Analyses;

/// <summary>One listed difference of libvirt-compare-exceptions.yaml.</summary>
public sealed class LibvirtCompareException
{
    /// <summary><c>HOST/CPU</c>, as cputest.c's DO_TEST_COMPARE names the case.</summary>
    public string Case { get; set; } = string.Empty;

    /// <summary><c>none</c> (migrate without --from) or <c>host</c> (with --from the case's host).</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>cpupolicy's verdict: <c>incompatible</c> or <c>depends-on-boot-host</c> (never <c>compatible</c> against libvirt's INCOMPATIBLE).</summary>
    public string Ours { get; set; } = string.Empty;

    /// <summary>libvirt's expected result in cputest.c.</summary>
    public string Libvirt { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;
}
