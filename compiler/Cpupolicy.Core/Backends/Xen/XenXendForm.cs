using System.Globalization;
using System.Text;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// The xend form of xl.cfg: <c>cpuid = [ "leaf[,subleaf]:eXx=&lt;32 characters&gt;", ... ]</c>, bit 31 first.
/// It reaches every Xen release (no names involved) but only CPUID registers, not MSR bits.
/// </summary>
public static class XenXendForm
{
    private static readonly string[] RegisterNames = ["eax", "ebx", "ecx", "edx"];

    /// <summary>
    /// One string per leaf, one register string per register that holds a controllable feature: <c>0</c> for the
    /// features outside the profile, <c>1</c> for the profile's opt-in features, <c>x</c> (Xen's default) elsewhere.
    /// </summary>
    public static string Emit(ProfileIr profile, XenRelease release, XenLeafPlan plan)
    {
        var registers = new SortedDictionary<(uint Leaf, uint Subleaf, int Register), char[]>();

        // Lowered maxima hide, on every host, the leaves some host lacks and another has: all 32 bits, written out.
        foreach (var (leaf, max) in new[] { (0u, plan.MaxBasic), (7u, plan.MaxLeaf7Subleaf), (XenLeafRange.ExtendedBase, plan.MaxExtended) })
        {
            if (max is { } value)
            {
                registers[(leaf, 0, 0)] = Convert.ToString(value, 2).PadLeft(32, '0').ToCharArray();
            }
        }

        foreach (var f in release.Db.Expand(plan.Present))
        {
            var word = release.Db.Xen.Words[f.Xen!.Word];
            var key = (word.Leaf!.Value, word.Subleaf ?? 0, (int)word.Register!.Value);
            if (!registers.TryGetValue(key, out var chars))
            {
                chars = Enumerable.Repeat('x', 32).ToArray();
                registers[key] = chars;
            }

            chars[31 - f.Xen.Bit] = !profile.Features.Contains(f) ? '0' : release.IsDefaultOn(f) ? 'x' : '1';
        }

        var items = registers
            .GroupBy(r => (r.Key.Leaf, r.Key.Subleaf))
            .Select(g =>
            {
                var regs = g.Select(r => $"{RegisterNames[r.Key.Register]}={new string(r.Value)}");
                return $"\"{XendLeaf(release, g.Key.Leaf, g.Key.Subleaf)}:{string.Join(",", regs)}\"";
            })
            .ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# cpupolicy: profile {profile.Name} for xl.cfg, xend form for Xen {release.Release}; ")
            .Append("bit 31 first: 0 cleared, 1 forced on, x Xen's default policy\n");
        text.Append("cpuid = [ ");
        text.Append(string.Join(",\n          ", items));
        text.Append(items.Count > 0 ? " ]\n" : "]\n");
        return text.ToString();
    }

    /// <summary>
    /// The bit character each featureset bit gets from the list (later strings win); the maximum leaves stated in
    /// full (leaf 0, leaf 7 subleaf 0 and leaf 0x80000000 EAX, all 0 and 1) go to <paramref name="maxima"/>.
    /// </summary>
    public static Dictionary<FeatureDefinition, char> Decode(IReadOnlyList<XlString> items, XenRelease release, string source, XenMaxLeaves maxima)
    {
        var settings = new Dictionary<FeatureDefinition, char>();
        foreach (var item in items)
        {
            DecodeItem(item, release, source, settings, maxima);
        }

        return settings;
    }

    /// <summary>The xend prefix of a leaf: leaf 7 (which has subleaves) with its subleaf, others bare.</summary>
    private static string XendLeaf(XenRelease release, uint leaf, uint subleaf) =>
        release.Db.Xen.Words.FirstOrDefault(w => w.Leaf == leaf) is { Subleaf: not null } ? $"0x{leaf:x},{subleaf}" : $"0x{leaf:x}";

    private static void DecodeItem(XlString item, XenRelease release, string source, Dictionary<FeatureDefinition, char> settings, XenMaxLeaves maxima)
    {
        var text = item.Text;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw Error(item, 0, text.Length, source, $"`{text}` has no `:` between the leaf and the registers", null);
        }

        var leafParts = text[..colon].Split(',');
        if (leafParts.Length > 2 || CNumber(leafParts[0]) is not { } leaf)
        {
            throw Error(item, 0, colon, source, $"`{text[..colon]}` is not a leaf (a number, or leaf,subleaf)", null);
        }

        uint? subleaf = null;
        if (leafParts.Length == 2)
        {
            subleaf = CNumber(leafParts[1]) ?? throw Error(item, leafParts[0].Length + 1, leafParts[1].Length, source, $"`{leafParts[1]}` is not a subleaf number", null);
        }

        var known = release.Db.Xen.Words.FirstOrDefault(w => w.Leaf == leaf);
        if (known is not null && (known.Subleaf is null) != (subleaf is null))
        {
            throw Error(
                item, 0, colon, source,
                known.Subleaf is null ? $"leaf 0x{leaf:x} has no subleaf" : $"leaf 0x{leaf:x} needs a subleaf",
                "Xen fails to start the domain (\"Missing leaf\") when the leaf does not match its policy");
        }

        var position = colon + 1;
        foreach (var rawPart in text[position..].Split(','))
        {
            // libxl skips blanks after a comma; the register name starts after them.
            var part = rawPart.TrimStart(' ', '\t', '\n');
            var at = position + (rawPart.Length - part.Length);
            position += rawPart.Length + 1;
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var register = eq < 0 ? -1 : Array.IndexOf(RegisterNames, part[..eq]);
            if (register < 0)
            {
                throw Error(item, at, Math.Max(eq, 1), source, $"`{(eq < 0 ? part : part[..eq])}` is not a register", "use eax=, ebx=, ecx= or edx=");
            }

            var bits = part[(eq + 1)..];
            if (bits.Length != 32)
            {
                throw Error(item, at + eq + 1, bits.Length, source, $"`{part[..eq]}` has {bits.Length} characters; it needs exactly 32, bit 31 first", null);
            }

            var bad = Enumerable.Range(0, 32).FirstOrDefault(k => !XenBitValue.IsBitChar(bits[k]), -1);
            if (bad >= 0)
            {
                throw Error(item, at + eq + 1 + bad, 1, source, $"`{bits[bad]}` is not a bit value", "use 0, 1, x (default policy), k or s (host)");
            }

            if (register == 0 && bits.All(c => c is '0' or '1') && (leaf, subleaf ?? 0) is (0, 0) or (7, 0) or (XenLeafRange.ExtendedBase, 0))
            {
                var max = Convert.ToUInt32(bits, 2);
                _ = leaf switch
                {
                    0 => maxima.Basic = max,
                    7 => maxima.Leaf7Subleaf = max,
                    _ => maxima.Extended = max,
                };
            }

            if (release.Db.Xen.WordAt(leaf, subleaf, (CpuidRegister)register) is not { } word)
            {
                continue; // A register outside the featureset (e.g. leaf 6): valid, but it sets no feature we model.
            }

            for (var bit = 0; bit < 32; bit++)
            {
                if (release.FeatureAt(word.Index, bit) is { } f)
                {
                    settings[f] = bits[31 - bit];
                }
            }
        }
    }

    private static uint? CNumber(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && text.Length > 2 ? hex : null;
        }

        if (text.Length > 1 && text[0] == '0')
        {
            try
            {
                return text.All(c => c is >= '0' and <= '7') ? Convert.ToUInt32(text, 8) : null;
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null;
    }

    private static DiagnosticException Error(XlString item, int offset, int length, string source, string message, string? hint) =>
        ArtifactErrors.At(DiagnosticCatalog.XendRegisterMalformed, source, item.Line, item.Column + offset, length, message, hint);
}
