using System.Security.Cryptography;
using System.Text;
using Cpupolicy.Core.Database.Arm64;

namespace Cpupolicy.Compiler.Probe.Arm64;

/// <summary>
/// The aarch64 probe guest: a raw A64 image for <c>qemu-system-aarch64 -M virt -kernel</c>, built here from
/// <see cref="A64"/> encodings (no toolchain). QEMU loads a raw image without a Linux header at RAM + 0x80000
/// (<see cref="LoadAddress"/>) and enters it at EL1 with the MMU off; the code is position-independent anyway.
/// It reads MIDR_EL1, every ID register the aarch64 database describes and CNTFRQ_EL0 with MRS, prints each as
/// <c>NAME=0x%016x</c> on the PL011 UART at 0x09000000 between a header line and <c>end</c>, and powers off with
/// PSCI SYSTEM_OFF through HVC (QEMU's virt board uses the HVC conduit when it emulates no EL2/EL3 itself). An
/// exception (an MRS the CPU traps) lands in a vector table that prints <c>fault</c>, ESR_EL1 and ELR_EL1 and
/// powers off, so a failing read is reported at once instead of hanging until the timeout.
/// </summary>
public sealed class Arm64ProbeImage
{
    public const string Header = "cpupolicy-probe aarch64 1";
    public const string End = "end";
    public const string Fault = "fault";

    /// <summary>QEMU virt: RAM at 0x40000000, a raw aarch64 kernel 0x80000 into it.</summary>
    public const ulong LoadAddress = 0x4008_0000;

    /// <summary>PL011 UART0 of QEMU's virt board: data register at +0, control register (UARTCR) at +0x30.</summary>
    public const uint UartBase = 0x0900_0000;

    /// <summary>PSCI 0.2 SYSTEM_OFF (SMC32 function ID).</summary>
    public const uint PsciSystemOff = 0x8400_0008;

    // Register use: x19 UART base, x20 string cursor, x21 value to print, x22 hex digits, x9-x12 scratch, x30 link.
    private const int Uart = 19;
    private const int Text = 20;
    private const int Value = 21;
    private const int Digits = 22;

    private static readonly Lazy<Arm64ProbeImage> DefaultLazy = new(() => Build(Arm64Database.Default));

    private Arm64ProbeImage(byte[] bytes, IReadOnlyList<Arm64SystemRegister> registers, IReadOnlyDictionary<int, string> readers)
    {
        Bytes = bytes;
        Registers = registers;
        ReaderOffsets = readers;
    }

    public static Arm64ProbeImage Default => DefaultLazy.Value;

    public IReadOnlyList<byte> Bytes { get; }

    /// <summary>The registers read, in the order printed: MIDR_EL1, the database's ID registers, CNTFRQ_EL0.</summary>
    public IReadOnlyList<Arm64SystemRegister> Registers { get; }

    /// <summary>Image offset of each MRS to the register it reads: a fault's ELR_EL1 names the register.</summary>
    public IReadOnlyDictionary<int, string> ReaderOffsets { get; }

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData([.. Bytes]));

    /// <summary>The register an exception at guest address <paramref name="elr"/> was reading, if it was an MRS.</summary>
    public string? RegisterAt(ulong elr) =>
        elr >= LoadAddress && elr - LoadAddress < (ulong)Bytes.Count && ReaderOffsets.TryGetValue((int)(elr - LoadAddress), out var name) ? name : null;

    public static Arm64ProbeImage Build(Arm64Database db)
    {
        List<Arm64SystemRegister> registers =
        [
            Arm64SystemRegister.MidrEl1,
            .. db.Registers.Select(r => Arm64SystemRegister.Parse(r, db.Encodings[r])),
            Arm64SystemRegister.CntfrqEl0,
        ];
        var readers = new Dictionary<int, string>();
        var p = new A64Program();

        // Entry: UART base, enable the UART (UARTEN|TXE|RXE; QEMU transmits anyway, a stricter model would not),
        // the digit table, then the vector table so that a trap is reported.
        p.Emit(A64.Movz(Uart, (ushort)(UartBase >> 16), hw: 1));
        p.Emit(A64.Movz(9, 0x301));
        p.Emit(A64.StrW(9, Uart, 0x30));
        p.Emit((at, label) => A64.Adr(Digits, label("digits") - at));
        p.Emit((at, label) => A64.Adr(9, label("vectors") - at));
        p.Emit(A64.Msr(Arm64SystemRegister.VbarEl1, 9));
        p.Emit(A64.Isb);
        p.Emit((at, label) => A64.Adr(Text, label("strings") - at));
        p.Emit((at, label) => A64.Bl(label("print_str") - at));
        foreach (var r in registers)
        {
            p.Emit((at, label) => A64.Bl(label("print_str") - at));
            readers[p.Here] = r.Name;
            p.Emit(A64.Mrs(Value, r));
            p.Emit((at, label) => A64.Bl(label("print_hex") - at));
        }

        p.Emit((at, label) => A64.Bl(label("print_str") - at));
        p.Label("power_off");
        p.Emit(A64.Movz(0, (ushort)(PsciSystemOff >> 16), hw: 1));
        p.Emit(A64.Movk(0, (ushort)(PsciSystemOff & 0xFFFF)));
        p.Emit(A64.Hvc());
        p.Label("halt"); // SYSTEM_OFF does not return; if it did, wait here until the timeout
        p.Emit(A64.Wfi);
        p.Emit((at, label) => A64.B(label("halt") - at));

        // The exception handler: "fault", ESR_EL1 (why), ELR_EL1 (where), then power off.
        p.Label("fault");
        p.Emit((at, label) => A64.Adr(Text, label("fault_strings") - at));
        p.Emit((at, label) => A64.Bl(label("print_str") - at));
        p.Emit(A64.Mrs(Value, Arm64SystemRegister.EsrEl1));
        p.Emit((at, label) => A64.Bl(label("print_hex") - at));
        p.Emit((at, label) => A64.Bl(label("print_str") - at));
        p.Emit(A64.Mrs(Value, Arm64SystemRegister.ElrEl1));
        p.Emit((at, label) => A64.Bl(label("print_hex") - at));
        p.Emit((at, label) => A64.B(label("power_off") - at));

        // print_str: write bytes from x20 up to a NUL to the UART; x20 ends past the NUL.
        p.Label("print_str");
        p.Label("print_str_loop");
        p.Emit(A64.LdrbPost(9, Text, 1));
        p.Emit((at, label) => A64.CbzW(9, label("print_str_done") - at));
        p.Emit(A64.StrW(9, Uart));
        p.Emit((at, label) => A64.B(label("print_str_loop") - at));
        p.Label("print_str_done");
        p.Emit(A64.Ret);

        // print_hex: x21 as 16 lowercase hex digits, most significant first, then a newline.
        p.Label("print_hex");
        p.Emit(A64.Movz(10, 60));
        p.Label("print_hex_loop");
        p.Emit(A64.LsrRegister(11, Value, 10));
        p.Emit(A64.AndLowNibble(11, 11));
        p.Emit(A64.LdrbRegister(12, Digits, 11));
        p.Emit(A64.StrW(12, Uart));
        p.Emit(A64.SubsImmediate(10, 10, 4));
        p.Emit((at, label) => A64.BCond(A64.Condition.Pl, label("print_hex_loop") - at));
        p.Emit(A64.Movz(9, '\n'));
        p.Emit(A64.StrW(9, Uart));
        p.Emit(A64.Ret);

        p.Label("digits");
        p.Data(Ascii("0123456789abcdef"));
        p.Label("strings");
        p.Data(Strings([$"{Header}\n", .. registers.Select(r => $"{r.Name}=0x"), $"{End}\n"]));
        p.Label("fault_strings");
        p.Data(Strings([$"{Fault}\n{Arm64SystemRegister.EsrEl1.Name}=0x", $"{Arm64SystemRegister.ElrEl1.Name}=0x"]));

        // VBAR_EL1 needs 2 KiB alignment: 16 entries of 0x80 bytes (current EL SP0/SPx, lower EL A64/A32; each
        // synchronous, IRQ, FIQ, SError), every one a branch to the handler.
        p.Align(0x800);
        p.Label("vectors");
        for (var i = 0; i < 16; i++)
        {
            p.Emit((at, label) => A64.B(label("fault") - at));
            p.Align(0x80);
        }

        return new Arm64ProbeImage(p.Assemble(), registers, readers);
    }

    /// <summary>Writes the image to a new file under the temp folder (one per run; the caller deletes it).</summary>
    public string WriteTempFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cpupolicy-probe-{Guid.NewGuid():N}.aarch64.img");
        File.WriteAllBytes(path, [.. Bytes]);
        return path;
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static byte[] Strings(IEnumerable<string> strings) => [.. strings.SelectMany(s => Ascii(s + "\0"))];
}
