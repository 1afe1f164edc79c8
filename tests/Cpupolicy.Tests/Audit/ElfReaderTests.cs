using System.Diagnostics;
using Cpupolicy.Compiler.Audit;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Tests.Audit;

/// <summary>
/// The ELF reader and note reader on hand-made files: what each header field may say, and a clear per-file error
/// for every way a file can be wrong (never an exception, never work beyond the file's size).
/// </summary>
public class ElfReaderTests
{
    private static readonly BinaryAuditor Auditor = BinaryAuditor.Default;

    [Fact]
    public void A_minimal_object_file_is_read_and_its_code_decoded()
    {
        var audit = Audit(new ElfBuilder().Code(".text", ElfBuilder.Avx2Code).Build());

        Assert.Null(audit.Error);
        Assert.Equal(("x86-64", "relocatable object"), (audit.Machine, audit.FileType));
        var use = Assert.Single(audit.Code.Features);
        Assert.Equal(("avx2", 1L, 0UL, ".text"), (use.Feature.Name, use.Count, use.FirstAddress, use.FirstSection));
        Assert.Equal(2, audit.Code.Instructions);
        Assert.Empty(audit.Warnings);
    }

    [Fact]
    public void A_32_bit_file_decodes_32_bit_code()
    {
        // 0x40 is INC EAX in 32-bit code but a REX prefix in 64-bit code, where 40 C5 ... would not decode as VEX.
        var audit = Audit(new ElfBuilder { Is64 = false, Machine = 3 }.Code(".text", [0x40, .. ElfBuilder.Avx2Code], 0x1000).Build());

        Assert.Null(audit.Error);
        Assert.Equal("i386", audit.Machine);
        Assert.Equal(3, audit.Code.Instructions);
        Assert.Equal(("avx2", 0x1001UL), (audit.Code.Features.Single().Feature.Name, audit.Code.Features.Single().FirstAddress));
    }

    [Theory]
    [InlineData(new byte[] { 0x7f, 0x45, 0x4c }, "CP0701")]
    [InlineData(new byte[] { (byte)'#', (byte)'!', (byte)'/', (byte)'b', (byte)'i', (byte)'n' }, "CP0701")]
    [InlineData(new byte[] { 0x7f, 0x45, 0x4c, 0x46, 2, 1 }, "CP0702")]
    public void Files_that_are_not_elf_or_too_short_get_a_clear_error(byte[] data, string code)
    {
        var audit = Audit(data);
        Assert.Equal(code, audit.Error?.Code);
        Assert.Equal("test.elf", audit.Error!.Span.File);
    }

    [Theory]
    [InlineData(40, "ARM")]
    [InlineData(183, "AArch64")]
    [InlineData(243, "RISC-V")]
    public void Other_machines_are_refused_by_name(ushort machine, string name)
    {
        var audit = Audit(new ElfBuilder { Machine = machine }.Code(".text", [0xc3]).Build());
        Assert.Equal(DiagnosticCatalog.AuditUnsupportedElf.Code, audit.Error?.Code);
        Assert.Contains(name, audit.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Big_endian_files_and_core_dumps_are_refused()
    {
        var bigEndian = new ElfBuilder().Code(".text", [0xc3]).Build();
        bigEndian[5] = 2;
        var core = new ElfBuilder { Type = 4 }.Code(".text", [0xc3]).Build();

        Assert.Contains("big-endian", Audit(bigEndian).Error!.Message, StringComparison.Ordinal);
        Assert.Contains("core dump", Audit(core).Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_file_is_an_error_or_a_smaller_audit_never_an_exception()
    {
        var full = new ElfBuilder().Code(".text", ElfBuilder.Avx2Code).Note(".note.gnu.property", ElfBuilder.GnuPropertyNote(true, (GnuPropertyReader.IsaNeeded, 0x7))).Build();
        for (var length = 0; length < full.Length; length++)
        {
            var audit = Audit(full[..length]);

            // Section headers come last, so every cut loses them: the reader must notice, whatever else it reads.
            Assert.True(audit.Error is not null, $"a file cut to {length} of {full.Length} bytes was read");
            Assert.StartsWith("CP070", audit.Error!.Code, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_section_that_runs_past_the_end_of_the_file_names_itself()
    {
        var elf = new ElfBuilder();
        elf.Sections.Add(new ElfBuilder.Section(".text.big", ElfBuilder.SectionProgBits, ElfBuilder.FlagAlloc | ElfBuilder.FlagExec, 0, [0xc3], 16, Size: 1UL << 40));
        var audit = Audit(elf.Build());

        Assert.Equal(DiagnosticCatalog.AuditMalformedElf.Code, audit.Error?.Code);
        Assert.Contains("`.text.big`", audit.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", audit.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_huge_section_count_is_refused_before_anything_is_allocated(bool is64)
    {
        var data = new ElfBuilder { Is64 = is64, Machine = (ushort)(is64 ? 62 : 3) }.Code(".text", [0xc3]).Build();

        // Extended numbering: e_shnum 0 sends the reader to section 0's sh_size for the real count.
        ElfBuilder.Put16(data, ElfBuilder.SectionCountOffset(is64), 0);
        var shoff = is64 ? (int)BitConverter.ToUInt64(data, 40) : (int)BitConverter.ToUInt32(data, 32);
        if (is64)
        {
            ElfBuilder.Put64(data, shoff + 32, ulong.MaxValue / 3);
        }
        else
        {
            ElfBuilder.Put32(data, shoff + 20, uint.MaxValue);
        }

        var audit = Audit(data);
        Assert.Equal(DiagnosticCatalog.AuditMalformedElf.Code, audit.Error?.Code);
        Assert.Contains("cannot fit", audit.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extended_section_numbering_is_followed()
    {
        var data = new ElfBuilder().Code(".text", ElfBuilder.Avx2Code).Build();
        var shoff = (int)BitConverter.ToUInt64(data, 40);
        var count = BitConverter.ToUInt16(data, 60);
        ElfBuilder.Put16(data, 60, 0);
        ElfBuilder.Put64(data, shoff + 32, count);
        var nameIndex = BitConverter.ToUInt16(data, 62);
        ElfBuilder.Put16(data, 62, 0xffff);
        ElfBuilder.Put32(data, shoff + 40, nameIndex);

        var audit = Audit(data);
        Assert.Null(audit.Error);
        Assert.Equal(".text", audit.Code.Features.Single().FirstSection);
    }

    [Fact]
    public void A_name_table_index_beyond_the_sections_is_an_error_and_a_bad_name_offset_is_not()
    {
        var data = new ElfBuilder().Code(".text", ElfBuilder.Avx2Code).Build();
        ElfBuilder.Put16(data, ElfBuilder.NameIndexOffset(true), 99);
        Assert.Contains("section name table", Audit(data).Error!.Message, StringComparison.Ordinal);

        var badName = new ElfBuilder().Code(".text", ElfBuilder.Avx2Code).Build();
        var shoff = (int)BitConverter.ToUInt64(badName, 40);
        ElfBuilder.Put32(badName, shoff + 64, 0x7fffffff);
        Assert.Equal("[1]", Audit(badName).Code.Features.Single().FirstSection);
    }

    [Fact]
    public void Without_section_headers_the_executable_segments_are_decoded_and_note_segments_read()
    {
        var elf = new ElfBuilder { Type = 2, WriteSectionHeaders = false };
        elf.Segments.Add(new ElfBuilder.Segment(1, 5, 0x401000, ElfBuilder.Avx2Code));
        elf.Segments.Add(new ElfBuilder.Segment(1, 4, 0x402000, [0xc5, 0xfd, 0xfe, 0xc1]));
        elf.Segments.Add(new ElfBuilder.Segment(4, 4, 0x400200, ElfBuilder.GnuPropertyNote(true, (GnuPropertyReader.IsaNeeded, 0x3))));
        var audit = Audit(elf.Build());

        Assert.Null(audit.Error);
        Assert.Equal("executable", audit.FileType);
        Assert.Equal("x86-64-v2", audit.Declaration.Level);

        // Only the executable segment (flags R+X) is code; the read-only one is data, whatever its bytes.
        var use = audit.Code.Features.Single();
        Assert.Equal((1L, 0x401000UL, "segment 0"), (use.Count, use.FirstAddress, use.FirstSection));
    }

    [Fact]
    public void Many_headers_on_one_code_range_decode_it_once()
    {
        var elf = new ElfBuilder().Code(".text", ElfBuilder.Avx2Code);
        for (var i = 0; i < 20_000; i++)
        {
            elf.Sections.Add(elf.Sections[0] with { Name = $".text.{i}", Data = [], Size = (ulong)ElfBuilder.Avx2Code.Length });
        }

        var data = elf.Build();

        // Point every copy at the first section's bytes.
        var shoff = (int)BitConverter.ToUInt64(data, 40);
        var first = BitConverter.ToUInt64(data, shoff + 64 + 24);
        for (var i = 2; i <= 20_001; i++)
        {
            ElfBuilder.Put64(data, shoff + (i * 64) + 24, first);
        }

        var clock = Stopwatch.StartNew();
        var audit = Audit(data);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Null(audit.Error);
        Assert.Equal(1, audit.Code.Features.Single().Count);
        Assert.Equal(11, audit.Warnings.Count);
        Assert.All(audit.Warnings, w => Assert.Equal(DiagnosticCatalog.AuditOddLayout.Code, w.Code));
        Assert.StartsWith("19990 more code ranges overlap", audit.Warnings[^1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_isa_needed_note_gives_the_level_and_its_psabi_features(bool is64)
    {
        var note = ElfBuilder.GnuPropertyNote(is64, (0xc0000002, 0x3), (GnuPropertyReader.IsaNeeded, 0x7), (GnuPropertyReader.IsaUsed, 0xf));
        var audit = Audit(new ElfBuilder { Is64 = is64, Machine = (ushort)(is64 ? 62 : 3) }.Code(".text", [0xc3]).Note(".note.gnu.property", note).Build());

        Assert.Null(audit.Error);
        Assert.Equal("x86-64-v3", audit.Declaration.Level);
        Assert.Equal(ModelDatabase.Default.Find(ModelDatabase.Psabi, "x86-64-v3")!.Features, audit.Declaration.Features);
        Assert.Equal("x86-64-v4", audit.Declaration.UsedLevel);
    }

    [Fact]
    public void The_older_per_extension_encodings_are_read_as_features()
    {
        // COMPAT_2 needed: AVX2 (bit 8) | FMA (bit 9); COMPAT needed: SSE4_2 (bit 8); COMPAT used: AVX512F (bit 11).
        var note = ElfBuilder.GnuPropertyNote(
            true,
            (GnuPropertyReader.Compat2IsaNeeded, (1u << 8) | (1u << 9)),
            (GnuPropertyReader.CompatIsaNeeded, 1u << 8),
            (GnuPropertyReader.CompatIsaUsed, 1u << 11));
        var audit = Audit(new ElfBuilder().Code(".text", [0xc3]).Note(".note.gnu.property", note).Build());

        Assert.Null(audit.Declaration.Level);
        Assert.Equal(["fma", "sse4.2", "avx2"], FeatureDatabase.Default.Expand(audit.Declaration.Features).Select(f => f.Name));
        Assert.Equal(["avx512f"], FeatureDatabase.Default.Expand(audit.Declaration.UsedFeatures).Select(f => f.Name));
    }

    [Fact]
    public void A_corrupt_note_is_a_warning_and_the_code_is_still_audited()
    {
        var note = ElfBuilder.GnuPropertyNote(true, (GnuPropertyReader.IsaNeeded, 0x7));
        ElfBuilder.Put32(note, 4, 0x7fff_fff0);
        var badSize = ElfBuilder.GnuPropertyNote(true, (GnuPropertyReader.IsaNeeded, 0x7));
        ElfBuilder.Put32(badSize, 16 + 4, 8);
        var audit = Audit(new ElfBuilder().Code(".text", ElfBuilder.Avx2Code).Note(".note.a", note).Note(".note.b", badSize).Build());

        Assert.Null(audit.Error);
        Assert.Null(audit.Declaration.Level);
        Assert.Equal(2, audit.Warnings.Count);
        Assert.All(audit.Warnings, w => Assert.Equal(DiagnosticCatalog.AuditMalformedNote.Code, w.Code));
        Assert.Equal("avx2", audit.Code.Features.Single().Feature.Name);
    }

    [Fact]
    public void Unnamed_features_are_reported_under_their_iced_name()
    {
        // PTWRITE eax (F3 0F AE /4): a real CPUID bit (leaf 14H) that no backend names.
        var audit = Audit(new ElfBuilder().Code(".text", [0xf3, 0x0f, 0xae, 0xe0, 0xc3]).Build());

        Assert.Empty(audit.Code.Features);
        Assert.Equal("PTWRITE", audit.Code.Unnamed.Single().IcedName);
    }

    [Fact]
    public void Hint_nops_and_baseline_instructions_need_no_feature()
    {
        // ENDBR64; NOP DWORD [RAX]; PAUSE; CPUID; RET.
        var audit = Audit(new ElfBuilder().Code(".text", [0xf3, 0x0f, 0x1e, 0xfa, 0x0f, 0x1f, 0x00, 0xf3, 0x90, 0x0f, 0xa2, 0xc3]).Build());

        Assert.Equal(5, audit.Code.Instructions);
        Assert.Empty(audit.Code.Features);
        Assert.Empty(audit.Code.Unnamed);
    }

    private static BinaryAudit Audit(byte[] data) => Auditor.AuditBytes(data, "test.elf");
}
