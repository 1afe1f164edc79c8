namespace Cpupolicy.Compiler.Probe.Arm64;

/// <summary>
/// The A64 instruction encodings the aarch64 probe guest uses, from the Arm Architecture Reference Manual (ARM DDI
/// 0487, chapter C6): each method returns one 32-bit little-endian instruction word. Registers are numbers 0..30
/// (X/W by the instruction); branch offsets are in bytes from the instruction itself and must be multiples of 4.
/// Only what the guest needs is here; no assembler is involved.
/// </summary>
public static class A64
{
    /// <summary><c>MOVZ Xd, #imm16, LSL #(16*hw)</c>: sf=1 opc=10 100101 hw imm16 Rd.</summary>
    public static uint Movz(int rd, ushort imm16, int hw = 0) => 0xD2800000u | Hw(hw) | ((uint)imm16 << 5) | Reg(rd);

    /// <summary><c>MOVK Xd, #imm16, LSL #(16*hw)</c>: sf=1 opc=11 100101 hw imm16 Rd.</summary>
    public static uint Movk(int rd, ushort imm16, int hw = 0) => 0xF2800000u | Hw(hw) | ((uint)imm16 << 5) | Reg(rd);

    /// <summary><c>MRS Xt, S&lt;op0&gt;_&lt;op1&gt;_C&lt;n&gt;_C&lt;m&gt;_&lt;op2&gt;</c>: 1101010100 L=1 o0 op1 CRn CRm op2 Rt (op0 = 2 + o0).</summary>
    public static uint Mrs(int rt, Arm64SystemRegister r) => 0xD5300000u | r.Operand | Reg(rt);

    /// <summary><c>MSR S&lt;op0&gt;_..., Xt</c>: as <see cref="Mrs"/> with L=0.</summary>
    public static uint Msr(Arm64SystemRegister r, int rt) => 0xD5100000u | r.Operand | Reg(rt);

    /// <summary><c>ADR Xd, label</c>: op=0 immlo 10000 immhi Rd, a byte offset within ±1 MiB.</summary>
    public static uint Adr(int rd, int offset)
    {
        Range(offset, 21, "ADR");
        return 0x10000000u | (((uint)offset & 3) << 29) | ((((uint)offset >> 2) & 0x7FFFF) << 5) | Reg(rd);
    }

    /// <summary><c>B label</c>: 000101 imm26.</summary>
    public static uint B(int offset) => 0x14000000u | Imm26(offset, "B");

    /// <summary><c>BL label</c>: 100101 imm26.</summary>
    public static uint Bl(int offset) => 0x94000000u | Imm26(offset, "BL");

    /// <summary><c>B.cond label</c>: 01010100 imm19 0 cond.</summary>
    public static uint BCond(Condition cond, int offset) => 0x54000000u | Imm19(offset, "B.cond") | (uint)cond;

    /// <summary><c>CBZ Wt, label</c>: sf=0 011010 0 imm19 Rt.</summary>
    public static uint CbzW(int rt, int offset) => 0x34000000u | Imm19(offset, "CBZ") | Reg(rt);

    /// <summary><c>RET</c> (to X30).</summary>
    public const uint Ret = 0xD65F03C0u;

    /// <summary><c>LDRB Wt, [Xn], #imm9</c> (post-index): 00 111 0 00 01 0 imm9 01 Rn Rt.</summary>
    public static uint LdrbPost(int rt, int rn, int imm9)
    {
        Range(imm9, 9, "LDRB");
        return 0x38400400u | (((uint)imm9 & 0x1FF) << 12) | (Reg(rn) << 5) | Reg(rt);
    }

    /// <summary><c>LDRB Wt, [Xn, Xm]</c>: 00 111 0 00 01 1 Rm 011 0 10 Rn Rt (option LSL, no shift).</summary>
    public static uint LdrbRegister(int rt, int rn, int rm) => 0x38606800u | (Reg(rm) << 16) | (Reg(rn) << 5) | Reg(rt);

    /// <summary><c>STR Wt, [Xn, #offset]</c> (unsigned offset, a multiple of 4 below 16 KiB): 10 111 0 01 00 imm12 Rn Rt.</summary>
    public static uint StrW(int rt, int rn, int offset = 0)
    {
        if (offset < 0 || offset % 4 != 0 || offset / 4 > 0xFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "STR (immediate) takes a multiple of 4 below 16 KiB");
        }

        return 0xB9000000u | ((uint)(offset / 4) << 10) | (Reg(rn) << 5) | Reg(rt);
    }

    /// <summary><c>LSR Xd, Xn, Xm</c> (LSRV): sf=1 0 0 11010110 Rm 0010 01 Rn Rd.</summary>
    public static uint LsrRegister(int rd, int rn, int rm) => 0x9AC02400u | (Reg(rm) << 16) | (Reg(rn) << 5) | Reg(rd);

    /// <summary><c>AND Xd, Xn, #0xF</c>: logical immediate with N=1, immr=0, imms=3 (four ones).</summary>
    public static uint AndLowNibble(int rd, int rn) => 0x92400C00u | (Reg(rn) << 5) | Reg(rd);

    /// <summary><c>SUBS Xd, Xn, #imm12</c>: sf=1 1 1 100010 0 imm12 Rn Rd.</summary>
    public static uint SubsImmediate(int rd, int rn, int imm12)
    {
        if (imm12 is < 0 or > 0xFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(imm12), imm12, "SUBS takes a 12-bit immediate");
        }

        return 0xF1000000u | ((uint)imm12 << 10) | (Reg(rn) << 5) | Reg(rd);
    }

    /// <summary><c>HVC #imm16</c>: 11010100 000 imm16 000 10.</summary>
    public static uint Hvc(ushort imm16 = 0) => 0xD4000002u | ((uint)imm16 << 5);

    /// <summary><c>SMC #imm16</c>: 11010100 000 imm16 000 11.</summary>
    public static uint Smc(ushort imm16 = 0) => 0xD4000003u | ((uint)imm16 << 5);

    /// <summary><c>ISB</c>.</summary>
    public const uint Isb = 0xD5033FDFu;

    /// <summary><c>WFI</c>.</summary>
    public const uint Wfi = 0xD503207Fu;

    /// <summary><c>NOP</c>.</summary>
    public const uint Nop = 0xD503201Fu;

    /// <summary>The condition codes used with <see cref="BCond"/>.</summary>
    public enum Condition : uint
    {
        /// <summary>N clear: the result was zero or positive.</summary>
        Pl = 0b0101,
    }

    private static uint Reg(int r) => r is >= 0 and <= 30 ? (uint)r : throw new ArgumentOutOfRangeException(nameof(r), r, "registers are 0..30");

    private static uint Hw(int hw) => hw is >= 0 and <= 3 ? (uint)hw << 21 : throw new ArgumentOutOfRangeException(nameof(hw), hw, "hw is 0..3");

    private static uint Imm26(int offset, string what)
    {
        Word(offset, what);
        Range(offset >> 2, 26, what);
        return ((uint)offset >> 2) & 0x3FFFFFF;
    }

    private static uint Imm19(int offset, string what)
    {
        Word(offset, what);
        Range(offset >> 2, 19, what);
        return (((uint)offset >> 2) & 0x7FFFF) << 5;
    }

    private static void Word(int offset, string what)
    {
        if (offset % 4 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{what} offsets are multiples of 4");
        }
    }

    private static void Range(int value, int bits, string what)
    {
        var limit = 1 << (bits - 1);
        if (value < -limit || value >= limit)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{what} offset out of range");
        }
    }
}
