using System.Globalization;
using System.Text.RegularExpressions;

namespace Cpupolicy.Tests.Audit;

/// <summary>
/// Sorts <c>objdump -d -M intel -w</c> lines into instruction families (AVX-512, AVX2, AES-NI, SHA, ...) with a small
/// table of rules on the encoding (legacy, VEX, EVEX, read from the raw bytes), the mnemonic and the registers; and
/// sorts cpupolicy's features into the same families. objdump knows nothing of CPUID features, Iced knows nothing of
/// these rules: agreement between the two is evidence both decode the same code.
/// </summary>
public static class ObjdumpFamilies
{
    /// <summary>family, encoding (legacy, vex, evex, any), mnemonic pattern, operand pattern (or null).</summary>
    private static readonly (string Family, string Encoding, Regex Mnemonic, Regex? Operands)[] Rules =
    [
        ("avx512", "evex", new("."), null),
        ("avx2", "vex", new("^(vpbroadcast[bwdq]|vbroadcasti128|vperm2i128|vinserti128|vextracti128|vperm[dq]|vpermp[sd]|vps(ll|rl)v[dq]|vpsravd|vpblendd|vpmaskmov[dq]|vp?gather\\w+)$"), null),
        ("avx2", "vex", new("^vp(?!ermil|erm2f128|test|clmul)"), new("ymm")),
        ("aes", "legacy", new("^aes(enc|enclast|dec|declast|imc|keygenassist)$"), null),
        ("aes", "vex", new("^vaes(enc|enclast|dec|declast|imc|keygenassist)$"), new("^[^y]*$")),
        ("vaes", "vex", new("^vaes(enc|enclast|dec|declast)$"), new("ymm")),
        ("vaes", "evex", new("^vaes(enc|enclast|dec|declast)$"), null),
        ("pclmul", "legacy", new("^pclmul\\w*qdq$"), null),
        ("pclmul", "vex", new("^vpclmul\\w*qdq$"), new("^[^y]*$")),
        ("vpclmul", "vex", new("^vpclmul\\w*qdq$"), new("ymm")),
        ("vpclmul", "evex", new("^vpclmul\\w*qdq$"), null),
        ("sha", "legacy", new("^sha(1|256)(rnds[24]|nexte|msg[12])$"), null),
        ("bmi1", "vex", new("^(andn|bextr|blsi|blsmsk|blsr)$"), null),
        ("bmi1", "legacy", new("^tzcnt$"), null),
        ("bmi2", "vex", new("^(bzhi|mulx|pdep|pext|rorx|sarx|shlx|shrx)$"), null),
        ("adx", "legacy", new("^(adcx|adox)$"), null),
        ("fma", "vex", new("^vf(n?m(add|sub)|maddsub|msubadd)(132|213|231)"), null),
        ("gfni", "any", new("^v?gf2p8"), null),
        ("rdrand", "legacy", new("^rdrand$"), null),
        ("rdseed", "legacy", new("^rdseed$"), null),
        ("movbe", "legacy", new("^movbe$"), null),
    ];

    private static readonly HashSet<string> PrefixWords = new(StringComparer.Ordinal)
    {
        "lock", "rep", "repz", "repe", "repnz", "repne", "bnd", "notrack", "data16", "data32", "addr16", "addr32",
        "cs", "ds", "es", "fs", "gs", "ss", "xacquire", "xrelease", "{vex}", "{vex3}", "{evex}",
    };

    /// <summary>The families every feature stands for (most features stand for none).</summary>
    public static IEnumerable<string> OfFeature(string canonicalName) => canonicalName switch
    {
        _ when canonicalName.StartsWith("avx512", StringComparison.Ordinal) => ["avx512"],
        "avx2" or "aes" or "vaes" or "bmi1" or "bmi2" or "adx" or "fma" or "gfni" or "rdrand" or "rdseed" or "movbe" => [canonicalName],
        "pclmulqdq" => ["pclmul"],
        "vpclmulqdq" => ["vpclmul"],
        "sha-ni" => ["sha"],
        _ => [],
    };

    /// <summary>The family of one line of objdump output, or null (not an instruction line, or no family).</summary>
    public static string? OfLine(string line)
    {
        var columns = line.Split('\t');
        if (columns.Length < 3 || !columns[0].TrimEnd().EndsWith(':'))
        {
            return null;
        }

        var words = columns[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var first = Array.FindIndex(words, w => !PrefixWords.Contains(w) && !w.StartsWith("rex", StringComparison.Ordinal));
        if (first < 0 || words[first] == "(bad)")
        {
            return null;
        }

        var mnemonic = words[first];
        var operands = string.Join(' ', words.Skip(first + 1));
        var encoding = Encoding(columns[1]);
        foreach (var (family, enc, pattern, operandPattern) in Rules)
        {
            if ((enc == "any" || enc == encoding) && pattern.IsMatch(mnemonic) && (operandPattern is null || operandPattern.IsMatch(operands)))
            {
                return family;
            }
        }

        return null;
    }

    /// <summary>
    /// The encoding from the raw bytes: after legacy and REX prefixes, C4/C5 is VEX and 62 is EVEX (both always so in
    /// 64-bit code, where LDS, LES and BOUND do not exist).
    /// </summary>
    private static string Encoding(string hexBytes)
    {
        foreach (var hex in hexBytes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var b = byte.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (b is 0x66 or 0x67 or 0xf0 or 0xf2 or 0xf3 or 0x2e or 0x36 or 0x3e or 0x26 or 0x64 or 0x65 || (b & 0xf0) == 0x40)
            {
                continue;
            }

            return b switch
            {
                0xc4 or 0xc5 => "vex",
                0x62 => "evex",
                _ => "legacy",
            };
        }

        return "legacy";
    }
}
