namespace Cpupolicy.Compiler.Analyses;

/// <summary>libvirt's <c>virCPUCompareResult</c>, without ERROR (an error is an input diagnostic here).</summary>
public enum LibvirtCompareResult
{
    Incompatible,
    Identical,
    Superset,
}
