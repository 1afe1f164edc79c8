namespace Cpupolicy.Core.Database;

/// <summary>An output register of the CPUID instruction.</summary>
public enum CpuidRegister
{
    Eax,
    Ebx,
    Ecx,
    Edx,
}
