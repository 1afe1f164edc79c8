namespace Cpupolicy.Generator.Sources;

/// <summary>An <c>X86_FEATURE_*</c> in a CPUID-backed word: its /proc/cpuinfo name (null when Linux hides it) and comment.</summary>
public sealed record LinuxFeature(string Macro, string? CpuinfoName, string Comment, Coordinate Coordinate);
