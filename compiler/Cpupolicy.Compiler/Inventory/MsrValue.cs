namespace Cpupolicy.Compiler.Inventory;

/// <summary>A 64-bit model-specific register read on the host (e.g. 0x10a IA32_ARCH_CAPABILITIES).</summary>
public readonly record struct MsrValue(uint Index, ulong Value)
{
    public override string ToString() => $"MSR 0x{Index:x}: 0x{Value:x16}";
}
