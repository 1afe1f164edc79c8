using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>The output of one CPUID invocation: input leaf (EAX) and subleaf (ECX), and the four output registers.</summary>
public readonly record struct CpuidLeaf(uint Leaf, uint Subleaf, uint Eax, uint Ebx, uint Ecx, uint Edx)
{
    public uint this[CpuidRegister register] => register switch
    {
        CpuidRegister.Eax => Eax,
        CpuidRegister.Ebx => Ebx,
        CpuidRegister.Ecx => Ecx,
        _ => Edx,
    };

    public override string ToString() =>
        $"0x{Leaf:x8} 0x{Subleaf:x2}: eax=0x{Eax:x8} ebx=0x{Ebx:x8} ecx=0x{Ecx:x8} edx=0x{Edx:x8}";
}
