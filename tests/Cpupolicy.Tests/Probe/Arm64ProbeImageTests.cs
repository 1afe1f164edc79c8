using Cpupolicy.Compiler.Probe.Arm64;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Tests.Probe;

/// <summary>The aarch64 guest without QEMU: the encodings, the image's layout, and reading what it prints.</summary>
public class Arm64ProbeImageTests
{
    /// <summary>The words as LLVM 14 disassembles them (`llvm-mc-14 --disassemble -triple=aarch64` printed the text on the right for each).</summary>
    [Theory]
    [InlineData(0xD5380000u, "mrs x0, midr_el1")]
    [InlineData(0xD5380601u, "mrs x1, id_aa64isar0_el1")]
    [InlineData(0xD53BE015u, "mrs x21, cntfrq_el0")]
    [InlineData(0xD518C009u, "msr vbar_el1, x9")]
    [InlineData(0xD2B08000u, "movz x0, #0x8400, lsl #16")]
    [InlineData(0xF2800100u, "movk x0, #0x8")]
    [InlineData(0xD4000002u, "hvc #0")]
    [InlineData(0xD65F03C0u, "ret")]
    [InlineData(0xD5033FDFu, "isb")]
    [InlineData(0x38401689u, "ldrb w9, [x20], #1")]
    [InlineData(0x386B6ACCu, "ldrb w12, [x22, x11]")]
    [InlineData(0xB9000269u, "str w9, [x19]")]
    [InlineData(0xB9003269u, "str w9, [x19, #48]")]
    [InlineData(0x9ACA26ABu, "lsr x11, x21, x10")]
    [InlineData(0x92400D6Bu, "and x11, x11, #0xf")]
    [InlineData(0xF100114Au, "subs x10, x10, #0x4")]
    [InlineData(0x54FFFF65u, "b.pl .-20")]
    [InlineData(0x97FFFFFFu, "bl .-4")]
    [InlineData(0x34000069u, "cbz w9, .+12")]
    [InlineData(0x10000096u, "adr x22, .+16")]
    public void Encodings_are_the_architectures(uint expected, string instruction)
    {
        var words = new Dictionary<string, uint>
        {
            ["mrs x0, midr_el1"] = A64.Mrs(0, Arm64SystemRegister.MidrEl1),
            ["mrs x1, id_aa64isar0_el1"] = A64.Mrs(1, Arm64SystemRegister.Parse("ID_AA64ISAR0_EL1", "S3_0_C0_C6_0")),
            ["mrs x21, cntfrq_el0"] = A64.Mrs(21, Arm64SystemRegister.CntfrqEl0),
            ["msr vbar_el1, x9"] = A64.Msr(Arm64SystemRegister.VbarEl1, 9),
            ["movz x0, #0x8400, lsl #16"] = A64.Movz(0, 0x8400, hw: 1),
            ["movk x0, #0x8"] = A64.Movk(0, 8),
            ["hvc #0"] = A64.Hvc(),
            ["ret"] = A64.Ret,
            ["isb"] = A64.Isb,
            ["ldrb w9, [x20], #1"] = A64.LdrbPost(9, 20, 1),
            ["ldrb w12, [x22, x11]"] = A64.LdrbRegister(12, 22, 11),
            ["str w9, [x19]"] = A64.StrW(9, 19),
            ["str w9, [x19, #48]"] = A64.StrW(9, 19, 48),
            ["lsr x11, x21, x10"] = A64.LsrRegister(11, 21, 10),
            ["and x11, x11, #0xf"] = A64.AndLowNibble(11, 11),
            ["subs x10, x10, #0x4"] = A64.SubsImmediate(10, 10, 4),
            ["b.pl .-20"] = A64.BCond(A64.Condition.Pl, -20),
            ["bl .-4"] = A64.Bl(-4),
            ["cbz w9, .+12"] = A64.CbzW(9, 12),
            ["adr x22, .+16"] = A64.Adr(22, 16),
        };
        Assert.Equal(expected.ToString("x8"), words[instruction].ToString("x8"));
    }

    [Fact]
    public void The_image_reads_MIDR_every_database_register_and_CNTFRQ_each_with_one_MRS()
    {
        var image = Arm64ProbeImage.Default;
        var db = Arm64Database.Default;
        Assert.Equal(["MIDR_EL1", .. db.Registers, "CNTFRQ_EL0"], image.Registers.Select(r => r.Name));
        foreach (var r in image.Registers)
        {
            var at = image.ReaderOffsets.Single(kv => kv.Value == r.Name).Key;
            Assert.Equal(A64.Mrs(21, r), BitConverter.ToUInt32([.. image.Bytes], at));
        }
    }

    [Fact]
    public void Every_vector_branches_to_the_fault_handler_from_a_2_KiB_aligned_table()
    {
        var bytes = Arm64ProbeImage.Default.Bytes.ToArray();
        Assert.Equal(0x1000, bytes.Length); // code and strings below 0x800, 16 vectors of 0x80 above
        var targets = Enumerable.Range(0, 16).Select(i =>
        {
            var at = 0x800 + (i * 0x80);
            var word = BitConverter.ToUInt32(bytes, at);
            Assert.Equal(0x14000000u, word & 0xFC000000u); // B
            var offset = (int)(word << 6) >> 4; // imm26, sign-extended, times 4
            return at + offset;
        }).Distinct().ToList();
        var handler = Assert.Single(targets);
        Assert.InRange(handler, 0, 0x7FF);
    }

    [Fact]
    public void The_image_is_the_same_bytes_on_every_build()
    {
        Assert.Equal(Arm64ProbeImage.Default.Sha256, Arm64ProbeImage.Build(Arm64Database.Default).Sha256);
    }

    [Fact]
    public void Output_is_read_between_the_header_and_end()
    {
        var image = Arm64ProbeImage.Default;
        var serial = string.Join('\n', [Arm64ProbeImage.Header, .. image.Registers.Select((r, i) => $"{r.Name}=0x{i:x16}"), "end", string.Empty]);
        var values = Arm64ProbeOutput.Parse("firmware noise\r\n" + serial, image);
        Assert.Equal(image.Registers.Count, values.Count);
        Assert.Equal(0UL, values["MIDR_EL1"]);
    }

    [Fact]
    public void Output_without_end_is_CP0904_and_a_fault_is_CP0711_naming_the_register()
    {
        var image = Arm64ProbeImage.Default;
        var cut = Assert.Throws<DiagnosticException>(() => Arm64ProbeOutput.Parse($"{Arm64ProbeImage.Header}\nMIDR_EL1=0x0000000000000001\n", image));
        Assert.Equal("CP0904", cut.Diagnostic.Code);

        var at = image.ReaderOffsets.Single(r => r.Value == "ID_AA64SMFR0_EL1").Key;
        var fault = Assert.Throws<DiagnosticException>(() => Arm64ProbeOutput.Parse(
            $"{Arm64ProbeImage.Header}\nMIDR_EL1=0x0000000000000001\nfault\nESR_EL1=0x0000000062300000\nELR_EL1=0x{Arm64ProbeImage.LoadAddress + (ulong)at:x16}\n", image));
        Assert.Equal("CP0711", fault.Diagnostic.Code);
        Assert.Contains("`ID_AA64SMFR0_EL1`", fault.Diagnostic.Message, StringComparison.Ordinal);
    }
}
