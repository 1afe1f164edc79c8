using System.Diagnostics;
using Cpupolicy.Compiler.Audit;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Audit;

/// <summary>
/// Robustness: FsCheck-mutated copies of small real ELF files (bit flips, byte and field overwrites aimed at the
/// headers, truncations) never make the audit throw or run long; each gives an audit or a CP07xx error.
/// </summary>
public class ElfFuzzTests
{
    private const int Cases = 1500;

    /// <summary>Far above the milliseconds a case takes; a hang or a runaway loop would blow it.</summary>
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(5);

    // One [Property] per seed file, each with its own case count and replay seed (they were one [Theory] before
    // FsCheck.Xunit; a [Property] takes no MemberData).
    [Property(MaxTest = Cases)]
    public Property Mutated_copies_of_usr_bin_true_never_throw_or_hang() => MutatedElfFilesNeverThrowOrHang("/usr/bin/true");

    [Property(MaxTest = Cases)]
    public Property Mutated_copies_of_a_handmade_elf_with_notes_never_throw_or_hang() => MutatedElfFilesNeverThrowOrHang("handmade-with-notes");

    [Property(MaxTest = Cases)]
    public Property Mutated_copies_of_a_handmade_32_bit_elf_never_throw_or_hang() => MutatedElfFilesNeverThrowOrHang("handmade-32-bit");

    private static Property MutatedElfFilesNeverThrowOrHang(string seed)
    {
        var original = Seed(seed);
        Assert.Null(BinaryAuditor.Default.AuditBytes(original, seed).Error);
        var hot = HotOffsets(original);
        var gen =
            from kind in Gen.Choose(0, 3)
            from count in Gen.Choose(1, 12)
            from positions in Gen.ArrayOf(Gen.Frequency((3, Gen.Elements(hot)), (1, Gen.Choose(0, original.Length - 1))), count)
            from values in Gen.ArrayOf(Gen.Choose(int.MinValue, int.MaxValue), count)
            from cut in Gen.Choose(0, original.Length)
            select Mutate(original, kind, positions, values, cut);
        return Prop.ForAll(Arb.From(gen), data =>
        {
            var clock = Stopwatch.StartNew();
            var audit = BinaryAuditor.Default.AuditBytes(data, "mutant");
            Assert.True(clock.Elapsed < PerCase, $"a {data.Length}-byte mutant took {clock.Elapsed}");
            Assert.True(audit.Error is null || audit.Error.Code.StartsWith("CP070", StringComparison.Ordinal), audit.Error?.ToString());
            Assert.True(audit.Code.CodeBytes <= data.Length);
        });
    }

    private static byte[] Seed(string name) => name switch
    {
        "handmade-with-notes" => new ElfBuilder()
            .Code(".text", ElfBuilder.Avx2Code)
            .Note(".note.gnu.property", ElfBuilder.GnuPropertyNote(true, (GnuPropertyReader.IsaNeeded, 0x7), (GnuPropertyReader.Compat2IsaUsed, 0x1ff)))
            .Build(),
        "handmade-32-bit" => new ElfBuilder { Is64 = false, Machine = 3, Type = 3 }
            .Code(".text", ElfBuilder.Avx2Code, 0x1000)
            .Note(".note.gnu.property", ElfBuilder.GnuPropertyNote(false, (GnuPropertyReader.IsaNeeded, 0x3)))
            .Build(),
        _ => File.ReadAllBytes(name),
    };

    /// <summary>The bytes a reader trusts most: the ELF header, the header tables and the notes.</summary>
    private static int[] HotOffsets(byte[] data)
    {
        var image = ElfReader.TryRead(data, "seed", out var i, out _) ? i : throw new InvalidOperationException("seed is not readable");
        var is64 = image.Is64;
        var shoff = is64 ? (long)BitConverter.ToUInt64(data, 40) : BitConverter.ToUInt32(data, 32);
        var phoff = is64 ? (long)BitConverter.ToUInt64(data, 32) : BitConverter.ToUInt32(data, 28);
        var ranges = new List<(long Start, long Length)>
        {
            (0, is64 ? 64 : 52),
            (shoff, (long)image.SectionCount * (is64 ? 64 : 40)),
            (phoff, (is64 ? BitConverter.ToUInt16(data, 56) : BitConverter.ToUInt16(data, 44)) * (is64 ? 56L : 32L)),
        };
        ranges.AddRange(image.NoteRegions.Select(n => ((long)n.Offset, (long)n.Length)));
        return ranges.Where(r => r.Length > 0)
            .SelectMany(r => Enumerable.Range(0, (int)r.Length).Select(k => (int)(r.Start + k)))
            .Where(k => k < data.Length)
            .Distinct()
            .ToArray();
    }

    private static byte[] Mutate(byte[] original, int kind, int[] positions, int[] values, int cut)
    {
        var data = (byte[])original.Clone();
        for (var k = 0; k < positions.Length; k++)
        {
            var at = positions[k];
            switch (kind)
            {
                case 0:
                    data[at] ^= (byte)(1 << (values[k] & 7));
                    break;
                case 1:
                    data[at] = (byte)values[k];
                    break;
                default:
                    // Whole 32-bit fields: counts, offsets and sizes that point anywhere.
                    var value = BitConverter.GetBytes(values[k]);
                    Array.Copy(value, 0, data, at, Math.Min(4, data.Length - at));
                    break;
            }
        }

        return kind == 3 ? data[..cut] : data;
    }
}
