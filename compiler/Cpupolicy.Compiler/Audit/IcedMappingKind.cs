namespace Cpupolicy.Compiler.Audit;

/// <summary>How one Iced <c>CpuidFeature</c> relates to the feature database (the second column of the mapping file).</summary>
public enum IcedMappingKind
{
    /// <summary>One or more database features; an instruction with this Iced feature needs all of them.</summary>
    Features,

    /// <summary><c>-</c>: nothing a hypervisor can take away (8086 instructions, long mode in a 64-bit file): never reported.</summary>
    Baseline,

    /// <summary><c>?</c>: a real CPU bit the database does not name; reported under its Iced name.</summary>
    Unnamed,
}
