using System.Globalization;
using Cpupolicy.Compiler.Audit;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Tests.Audit;

/// <summary>
/// The audit against code whose features we know: one small function per intrinsic, compiled by gcc with
/// <c>-O2 -fno-asynchronous-unwind-tables -c</c>. An object file holds exactly the compiled function (no C library
/// start-up code, which would add its own baseline instructions), so the audit must report exactly the intrinsic's
/// features: nothing missed, nothing extra.
/// </summary>
public class IntrinsicAuditTests
{
    private const string Header = "#include <immintrin.h>\n";

    public static TheoryData<string, string, string, string[]> Intrinsics => new()
    {
        { "sse4.1", "__m128i f(__m128i a, __m128i b) { return _mm_max_epi32(a, b); }", "-msse4.1", ["sse4.1"] },
        { "sse4.2", "unsigned f(unsigned a, unsigned b) { return _mm_crc32_u32(a, b); }", "-msse4.2", ["sse4.2"] },
        { "avx", "__m256 f(__m256 a, __m256 b) { return _mm256_add_ps(a, b); }", "-mavx", ["avx"] },
        { "avx2", "__m256i f(__m256i a, __m256i b) { return _mm256_add_epi32(a, b); }", "-mavx2", ["avx2"] },
        { "fma", "__m128 f(__m128 a, __m128 b, __m128 c) { return _mm_fmadd_ps(a, b, c); }", "-mfma", ["fma"] },
        { "bmi2", "unsigned long long f(unsigned long long a, unsigned long long m) { return _pdep_u64(a, m); }", "-mbmi2", ["bmi2"] },
        { "popcnt", "int f(unsigned long long a) { return __builtin_popcountll(a); }", "-mpopcnt", ["popcnt"] },
        { "aes", "__m128i f(__m128i a, __m128i k) { return _mm_aesenc_si128(a, k); }", "-maes", ["aes"] },
        { "pclmul", "__m128i f(__m128i a, __m128i b) { return _mm_clmulepi64_si128(a, b, 0); }", "-mpclmul", ["pclmulqdq"] },

        // gcc moves the operands into place with MOVDQA (SSE2) around the SHA instruction.
        { "sha", "__m128i f(__m128i a, __m128i b, __m128i k) { return _mm_sha256rnds2_epu32(a, b, k); }", "-msha", ["sse2", "sha-ni"] },
        { "avx512f", "__m512i f(__m512i a, __m512i b) { return _mm512_add_epi32(a, b); }", "-mavx512f", ["avx512f"] },
        { "avx512bw", "__m512i f(__m512i a, __m512i b) { return _mm512_add_epi8(a, b); }", "-mavx512bw", ["avx512bw"] },

        // An EVEX instruction on 256-bit registers needs AVX512VL besides AVX512F.
        { "avx512vl", "__m256i f(__m256i a, __m256i b, __m256i c) { return _mm256_ternarylogic_epi32(a, b, c, 0x96); }", "-mavx512vl", ["avx512f", "avx512vl"] },
        { "baseline", "int f(int a, int b) { return a * b + 1; }", "-O2", [] },
    };

    [SkippableTheory]
    [MemberData(nameof(Intrinsics))]
    public void An_object_file_contains_exactly_the_features_of_its_intrinsic(string name, string body, string flag, string[] expected)
    {
        using var gcc = Gcc.Start();
        var audit = BinaryAuditor.Default.AuditFile(gcc.Object(name, Header + body, flag));

        Assert.Null(audit.Error);
        Assert.Equal("x86-64", audit.Machine);
        Assert.Equal("relocatable object", audit.FileType);
        Assert.Equal(expected.Order(StringComparer.Ordinal), audit.Code.Features.Select(u => u.Feature.Name).Order(StringComparer.Ordinal));
        Assert.Empty(audit.Code.Unnamed);
        Assert.Equal(0, audit.Code.InvalidInstructions);

        // Debian's gcc 12 / binutils 2.40 write no ISA note into an object file unless asked (see the tests below).
        Assert.Null(audit.Declaration.Level);
        Assert.True(audit.Declaration.Features.IsEmpty);
        Assert.All(audit.Code.Features, use => Assert.Equal(".text", use.FirstSection));
        if (expected.Length > 0)
        {
            // The intrinsic compiles to one instruction (the last name in each row is the intrinsic's own feature).
            Assert.Equal(1, audit.Code.Features.Single(u => u.Feature.Name == expected[^1]).Count);
        }
    }

    [SkippableTheory]
    [InlineData("x86-64-v2")]
    [InlineData("x86-64-v3")]
    [InlineData("x86-64-v4")]
    public void Gcc_mneeded_declares_the_march_level_and_the_code_stays_within_it(string level)
    {
        using var gcc = Gcc.Start();

        // A loop gcc vectorizes at -O3 with PMULLD (SSE4.1), VPMULLD ymm (AVX2) or VPMULLD zmm (AVX-512F).
        const string source = "void f(int *restrict a, const int *restrict b, int n) { for (int i = 0; i < n; i++) a[i] *= b[i]; }";
        var audit = BinaryAuditor.Default.AuditFile(gcc.Build("loop.o", source, "-O3", "-c", $"-march={level}", "-mneeded"));

        Assert.Null(audit.Error);
        Assert.Equal(level, audit.Declaration.Level);
        var psabi = ModelDatabase.Default.Find(ModelDatabase.Psabi, level)!.Features;
        Assert.Equal(psabi, audit.Declaration.Features);
        var beyond = audit.Contained - psabi;
        Assert.True(beyond.IsEmpty, $"code built for {level} contains {string.Join(", ", FeatureDatabase.Default.Expand(beyond))}");
        var widest = level switch { "x86-64-v2" => "sse4.1", "x86-64-v3" => "avx2", _ => "avx512f" };
        Assert.Contains(audit.Code.Features, u => u.Feature.Name == widest);
    }

    [SkippableFact]
    public void The_assembler_used_note_is_reported_apart_from_the_declared_requirement()
    {
        using var gcc = Gcc.Start();
        var audit = BinaryAuditor.Default.AuditFile(gcc.Object(
            "used", Header + "__m256i f(__m256i a, __m256i b) { return _mm256_add_epi32(a, b); }", "-mavx2", "-Wa,-mx86-used-note=yes"));

        Assert.Null(audit.Error);
        Assert.Null(audit.Declaration.Level);
        Assert.True(audit.Declaration.Features.IsEmpty);
        Assert.Equal("x86-64-v3", audit.Declaration.UsedLevel);
        Assert.Contains(FeatureDatabase.Default.Get("avx2").Index, audit.Declaration.UsedFeatures);
    }

    [SkippableFact]
    public void A_linked_executable_minus_a_baseline_build_leaves_the_intrinsic_and_declares_the_linker_level()
    {
        using var gcc = Gcc.Start();
        // The same program twice, the second with an AVX2 body for g: start-up code and main are common to both
        // (noipa keeps gcc from tailoring main to what each g reads).
        const string program = Header + "__attribute__((noipa{0})) void g(int *a) {{ {1} }}\n" +
            "int main(int argc, char **argv) {{ int a[8] = {{ argc }}; g(a); return a[0]; }}\n";
        var plain = string.Format(CultureInfo.InvariantCulture, program, string.Empty, "for (int i = 0; i < 8; i++) a[i] += a[i];");
        var vector = string.Format(CultureInfo.InvariantCulture, program, ", target(\"avx2\")",
            "__m256i v = _mm256_loadu_si256((__m256i *)a); _mm256_storeu_si256((__m256i *)a, _mm256_add_epi32(v, v));");
        var baseline = BinaryAuditor.Default.AuditFile(gcc.Build("baseline", plain, "-O2", "-fno-asynchronous-unwind-tables"));
        var withAvx2 = BinaryAuditor.Default.AuditFile(gcc.Build("avx2", vector, "-O2", "-fno-asynchronous-unwind-tables"));
        var declared = BinaryAuditor.Default.AuditFile(gcc.Build("v3", plain, "-O2", "-Wl,-z,x86-64-v3"));

        Assert.Equal("PIE executable", baseline.FileType);

        // glibc's start files carry GNU_PROPERTY_X86_ISA_1_NEEDED = baseline, so every program linked on Debian 12
        // declares x86-64-v1; `ld -z x86-64-v3` raises it.
        Assert.Equal("x86-64-v1", baseline.Declaration.Level);
        Assert.Equal("x86-64-v1", withAvx2.Declaration.Level);
        Assert.Equal("x86-64-v3", declared.Declaration.Level);

        // VMOVDQU and VZEROUPPER are AVX, VPADDD on YMM registers is AVX2.
        var added = withAvx2.Contained - baseline.Contained;
        Assert.Equal(["avx", "avx2"], FeatureDatabase.Default.Expand(added).Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void I386_and_x32_code_is_decoded_in_its_own_mode()
    {
        using var gcc = Gcc.Start();

        // No headers: Debian has no 32-bit libc headers by default, and vector types need none.
        const string source = "typedef int v8si __attribute__((vector_size(32)));\nv8si f(v8si a, v8si b) { return a * b; }\n";
        var i386 = BinaryAuditor.Default.AuditFile(gcc.Object("i386", source, "-m32", "-mavx2"));
        var library = BinaryAuditor.Default.AuditFile(gcc.Build("i386.so", source, "-m32", "-O2", "-mavx2", "-shared", "-nostdlib", "-fPIC"));
        var x32 = BinaryAuditor.Default.AuditFile(gcc.Object("x32", source, "-mx32", "-mavx2"));

        Assert.Equal(("i386", "relocatable object"), (i386.Machine, i386.FileType));
        Assert.Equal(("i386", "shared library"), (library.Machine, library.FileType));
        Assert.Equal(("x32", "relocatable object"), (x32.Machine, x32.FileType));
        foreach (var audit in new[] { i386, library, x32 })
        {
            Assert.Null(audit.Error);
            Assert.Equal(["avx2"], audit.Code.Features.Select(u => u.Feature.Name));
        }
    }
}
