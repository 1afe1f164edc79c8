namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// What the bits of the x86 ISA properties mean, as binutils defines them (include/elf/common.h), in canonical feature
/// names. These are ABI constants, fixed once a toolchain has written them, so they live here rather than in data.
/// </summary>
public static class X86IsaNoteBits
{
    /// <summary>GNU_PROPERTY_X86_ISA_1_BASELINE, _V2, _V3, _V4: bit i is psABI level v(i+1).</summary>
    public static readonly IReadOnlyList<string> Levels = ["x86-64-v1", "x86-64-v2", "x86-64-v3", "x86-64-v4"];

    /// <summary>
    /// GNU_PROPERTY_X86_COMPAT_ISA_1_*: 486, 586, 686, SSE ... AVX512BW. The i486 bit names no CPUID feature; the
    /// Pentium bit stands for CMPXCHG8B and RDTSC, the Pentium Pro bit for CMOV/FCMOV.
    /// </summary>
    public static readonly IReadOnlyList<string[]> Compat =
    [
        [], ["cx8", "tsc"], ["cmov"], ["sse"], ["sse2"], ["pni"], ["ssse3"], ["sse4.1"], ["sse4.2"], ["avx"], ["avx2"],
        ["avx512f"], ["avx512cd"], ["avx512er"], ["avx512pf"], ["avx512vl"], ["avx512dq"], ["avx512bw"],
    ];

    /// <summary>GNU_PROPERTY_X86_COMPAT_2_ISA_1_*: CMOV, SSE ... AVX512_BF16.</summary>
    public static readonly IReadOnlyList<string[]> Compat2 =
    [
        ["cmov"], ["sse"], ["sse2"], ["pni"], ["ssse3"], ["sse4.1"], ["sse4.2"], ["avx"], ["avx2"], ["fma"],
        ["avx512f"], ["avx512cd"], ["avx512er"], ["avx512pf"], ["avx512vl"], ["avx512dq"], ["avx512bw"],
        ["avx512-4fmaps"], ["avx512-4vnniw"], ["avx512bitalg"], ["avx512ifma"], ["avx512vbmi"], ["avx512vbmi2"],
        ["avx512vnni"], ["avx512-bf16"],
    ];

    /// <summary>The highest psABI level whose bit is set (a toolchain sets every bit up to it), or null.</summary>
    public static string? HighestLevel(uint bits)
    {
        for (var i = Levels.Count - 1; i >= 0; i--)
        {
            if ((bits & (1u << i)) != 0)
            {
                return Levels[i];
            }
        }

        return null;
    }

    /// <summary>The canonical feature names a per-extension bit mask stands for.</summary>
    public static IEnumerable<string> Names(uint bits, IReadOnlyList<string[]> table) =>
        Enumerable.Range(0, table.Count).Where(i => (bits & (1u << i)) != 0).SelectMany(i => table[i]);
}
