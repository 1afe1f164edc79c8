using System.Globalization;
using System.Text.RegularExpressions;

namespace Cpupolicy.Compiler.Probe.Arm64;

/// <summary>
/// An AArch64 system register by name and encoding (<c>S3_0_C0_C4_0</c>: op0, op1, CRn, CRm, op2), the operand of
/// MRS and MSR.
/// </summary>
public sealed partial record Arm64SystemRegister(string Name, int Op0, int Op1, int CRn, int CRm, int Op2)
{
    public static readonly Arm64SystemRegister MidrEl1 = Parse("MIDR_EL1", "S3_0_C0_C0_0");

    /// <summary>The generic timer's frequency: must be equal on hosts a VM migrates between.</summary>
    public static readonly Arm64SystemRegister CntfrqEl0 = Parse("CNTFRQ_EL0", "S3_3_C14_C0_0");

    public static readonly Arm64SystemRegister VbarEl1 = Parse("VBAR_EL1", "S3_0_C12_C0_0");

    public static readonly Arm64SystemRegister EsrEl1 = Parse("ESR_EL1", "S3_0_C5_C2_0");

    public static readonly Arm64SystemRegister ElrEl1 = Parse("ELR_EL1", "S3_0_C4_C0_1");

    /// <summary>The <c>o0 op1 CRn CRm op2</c> bits [20:5] of MRS/MSR.</summary>
    public uint Operand => ((uint)(Op0 - 2) << 19) | ((uint)Op1 << 16) | ((uint)CRn << 12) | ((uint)CRm << 8) | ((uint)Op2 << 5);

    public string Encoding => $"S{Op0}_{Op1}_C{CRn}_C{CRm}_{Op2}";

    public static Arm64SystemRegister Parse(string name, string encoding)
    {
        var m = EncodingPattern().Match(encoding);
        if (!m.Success)
        {
            throw new FormatException($"`{encoding}` is not a system register encoding like S3_0_C0_C4_0");
        }

        int Part(int i) => int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture);
        var r = new Arm64SystemRegister(name, Part(1), Part(2), Part(3), Part(4), Part(5));
        return r.Op0 is 2 or 3 && r.Op1 <= 7 && r.CRn <= 15 && r.CRm <= 15 && r.Op2 <= 7
            ? r
            : throw new FormatException($"`{encoding}` is out of range for MRS");
    }

    // Backtracking (source-generated). Linear: anchored at both ends; literals separate the digit runs, which cannot overlap.
    [GeneratedRegex(@"^S([0-3])_([0-7])_C([0-9]+)_C([0-9]+)_([0-7])$")]
    private static partial Regex EncodingPattern();
}
