using System.Globalization;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>Strict hexadecimal and libvirt-style number parsing for the readers.</summary>
internal static class HexNumber
{
    /// <summary>
    /// Parses bare hex digits (no prefix). A digit count outside [min, max] fails, which is how a line cut off in
    /// the middle of a value (<c>edx=0x1f8b</c>) is caught instead of read as a smaller number.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> digits, int minDigits, int maxDigits, out ulong value)
    {
        value = 0;
        if (digits.Length < minDigits || digits.Length > maxDigits)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses <c>0x</c>-prefixed hex with [min, max] digits.</summary>
    public static bool TryParsePrefixed(ReadOnlySpan<char> text, int minDigits, int maxDigits, out ulong value)
    {
        value = 0;
        return text.Length > 2 && text[0] == '0' && (text[1] is 'x' or 'X') && TryParse(text[2..], minDigits, maxDigits, out value);
    }

    /// <summary>
    /// Parses a number the way libvirt's XML properties accept it (<c>strtoul</c> base 0 without octal, which libvirt's
    /// files never use): <c>0x</c>-prefixed hex, or decimal. Fails on anything above <paramref name="max"/>.
    /// </summary>
    public static bool TryParseLibvirt(string text, ulong max, out ulong value)
    {
        var t = text.Trim();
        var ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? TryParse(t.AsSpan(2), 1, 16, out value)
            : ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return ok && value <= max;
    }
}
