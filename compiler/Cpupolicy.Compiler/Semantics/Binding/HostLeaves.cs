using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary>A host's CPUID leaf ranges, from the raw leaves of its inventory (<see cref="ProfileHost.Leaves"/>).</summary>
public static class HostLeaves
{
    private const uint ExtendedBase = 0x80000000;

    /// <summary>Leaf 0 EAX, leaf 7 subleaf 0 EAX (0 without leaf 7), leaf 0x80000000 EAX; null when the dump lacks leaf 0.</summary>
    public static HostLeafRange? Of(CpuidDump? raw) => raw?.Find(0, 0) is { } basic
        ? new HostLeafRange(
            basic.Eax,
            basic.Eax >= 7 && raw.Find(7, 0) is { } leaf7 ? leaf7.Eax : 0,
            raw.Find(ExtendedBase, 0) is { } extended && (extended.Eax & 0xffff0000) == ExtendedBase ? extended.Eax : ExtendedBase)
        : null;
}
