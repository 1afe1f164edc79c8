namespace Cpupolicy.Generator.Sources;

/// <summary>
/// A flag of QEMU's "Recognized CPUID flags": its coordinate as a hot-plugged vCPU shows it (null for flags that
/// feature-words cannot show: MSR feature words, and KVM paravirt flags that QEMU clears without KVM) and the
/// alias properties QEMU accepts for it.
/// </summary>
public sealed record QemuFlag(string Name, Coordinate? Coordinate, IReadOnlyList<string> Aliases);
