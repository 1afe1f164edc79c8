using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// Leaves a host is known to have: every basic leaf up to <see cref="MaxBasic"/>, leaf 7's subleaves up to
/// <see cref="MaxLeaf7Subleaf"/> (when <see cref="MaxBasic"/> reaches 7), every extended leaf up to
/// <see cref="MaxExtended"/>, and the MSR_ARCH_CAPS words when <see cref="ArchCaps"/>. A lower bound: the host may have more.
/// </summary>
public sealed record XenLeafRange(uint MaxBasic, uint MaxLeaf7Subleaf, uint MaxExtended, bool ArchCaps)
{
    public const uint ExtendedBase = 0x80000000;

    /// <summary>Leaves 1 and 0x80000001..0x80000008 exist on every x86-64 CPU.</summary>
    public static readonly XenLeafRange Minimum = new(1, 0, 0x80000008, false);

    /// <summary>Whether the word's leaf (or MSR) is within the range.</summary>
    public bool Has(XenWord word)
    {
        if (XenLayout.AlwaysPresentWords.Contains(word.Index))
        {
            return true;
        }

        if (word.IsMsr)
        {
            return ArchCaps;
        }

        var leaf = word.Leaf!.Value;
        return leaf >= ExtendedBase
            ? leaf <= MaxExtended
            : leaf <= MaxBasic && (leaf != 7 || (word.Subleaf ?? 0) <= MaxLeaf7Subleaf);
    }

    /// <summary>What two hosts both have.</summary>
    public XenLeafRange Meet(XenLeafRange other) => new(
        Math.Min(MaxBasic, other.MaxBasic),
        Math.Min(MaxLeaf7Subleaf, other.MaxLeaf7Subleaf),
        Math.Min(MaxExtended, other.MaxExtended),
        ArchCaps && other.ArchCaps);

    /// <summary>What either shows a host has (two lower bounds of the same host).</summary>
    public XenLeafRange Join(XenLeafRange other) => new(
        Math.Max(MaxBasic, other.MaxBasic),
        Math.Max(MaxLeaf7Subleaf, other.MaxLeaf7Subleaf),
        Math.Max(MaxExtended, other.MaxExtended),
        ArchCaps || other.ArchCaps);

    /// <summary>A host's raw ranges (MSR presence is not part of them).</summary>
    public static XenLeafRange From(HostLeafRange raw) =>
        new(raw.MaxBasic, raw.MaxBasic >= 7 ? raw.MaxLeaf7Subleaf : 0, Math.Max(raw.MaxExtended, ExtendedBase), false);
}
