using System.Text.RegularExpressions;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// The per-bit characters of xl.cfg (<c>0</c> clear, <c>1</c> set, <c>x</c> Xen's default policy, <c>k</c>/<c>s</c>
/// the host's bit) and libxl's numeric values, of which a one-bit feature uses bit 0 (research xen.md §3.2).
/// </summary>
public static partial class XenBitValue
{
    public static bool IsBitChar(char c) => c is '0' or '1' or 'x' or 'k' or 's';

    /// <summary>
    /// A libxl value as one bit character, or null when libxl rejects it (error 3). Numbers follow
    /// <c>strtoul(..., 0)</c>: <c>0x</c> hex, leading-zero octal, decimal; only their lowest bit counts.
    /// </summary>
    public static char? Parse(string value, bool numbersAllowed)
    {
        if (value.Length == 1 && IsBitChar(value[0]))
        {
            return value[0];
        }

        if (!numbersAllowed || !CNumber().IsMatch(value))
        {
            return null;
        }

        var last = value[^1];
        var digit = Convert.ToInt32(last.ToString(), 16);
        return (digit & 1) == 1 ? '1' : '0';
    }

    /// <summary>Whether the bit is on in the guest, given what a bit left at <c>x</c> means for it.</summary>
    public static bool IsOn(char value, bool defaultOn) => value switch
    {
        '0' => false,
        'x' => defaultOn,
        _ => true, // 1, and k/s: the host's bit, which a host that can run the profile has.
    };

    // Backtracking (source-generated, no start-up cost) on the hook path. Linear: anchored; the alternatives differ in their first two characters.
    [GeneratedRegex("^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex CNumber();
}
