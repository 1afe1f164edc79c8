using Cpupolicy.Core.Database;

namespace Cpupolicy.Generator.Sources;

/// <summary>A raw CPUID (+MSR) dump of one real CPU: its vendor and which feature bits it shows.</summary>
public sealed class CpuDump
{
    private readonly Dictionary<(uint Leaf, uint Subleaf), uint[]> cpuid;
    private readonly Dictionary<uint, ulong> msrs;

    public CpuDump(string name, Dictionary<(uint Leaf, uint Subleaf), uint[]> cpuid, Dictionary<uint, ulong> msrs)
    {
        Name = name;
        this.cpuid = cpuid;
        this.msrs = msrs;
        Vendor = cpuid.TryGetValue((0, 0), out var leaf0)
            ? CpuVendors.Parse(VendorString(leaf0[1], leaf0[3], leaf0[2]))
            : CpuVendor.Unknown;
    }

    public string Name { get; }

    public CpuVendor Vendor { get; }

    public bool Has(Coordinate c)
    {
        if (c.Msr is { } msr)
        {
            return msrs.TryGetValue(msr, out var value) && (value & (1UL << c.Bit)) != 0;
        }

        return cpuid.TryGetValue((c.Leaf!.Value, c.Subleaf ?? 0), out var regs)
            && (regs[(int)c.Register!.Value] & (1u << c.Bit)) != 0;
    }

    private static string VendorString(params uint[] regs) =>
        new(regs.SelectMany(r => new[] { (char)(r & 0xff), (char)((r >> 8) & 0xff), (char)((r >> 16) & 0xff), (char)(r >> 24) }).ToArray());
}
