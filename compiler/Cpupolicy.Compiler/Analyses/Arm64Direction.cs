namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// The one-way rule between aarch64 host generations: how the boot host's field levels compare with the
/// destination's. Only <see cref="Same"/> and <see cref="OlderToNewer"/> allow live migration (the vendors' patches
/// migrate old to new only); the others are refused with CP1013 naming the fields the destination lacks.
/// </summary>
public enum Arm64Direction
{
    /// <summary>Both hosts have the same field levels.</summary>
    Same,

    /// <summary>The destination has every field at or above the boot host's level, and some above: allowed.</summary>
    OlderToNewer,

    /// <summary>The boot host has fields above the destination's and none below: the reverse of the allowed direction.</summary>
    NewerToOlder,

    /// <summary>Each host has fields the other lacks: neither generation is the older one.</summary>
    Neither,
}
