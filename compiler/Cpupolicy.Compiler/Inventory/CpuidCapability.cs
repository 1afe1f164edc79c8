using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>Turns raw CPUID leaves (dump, libvirt CPUID data, probe) into a <see cref="HostCapability"/>.</summary>
internal static class CpuidCapability
{
    public static HostCapability From(CpuidDump dump, string path, InventoryFormat format, FeatureDatabase db)
    {
        var (features, knowable) = dump.Decode(db);
        var signature = dump.Signature;
        return new HostCapability
        {
            SourcePath = path,
            Format = format,
            Vendor = dump.Vendor,
            Family = signature?.Family,
            Model = signature?.Model,
            Stepping = signature?.Stepping,
            Features = features,
            Knowable = knowable,
            Raw = dump,
        };
    }
}
