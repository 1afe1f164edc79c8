using System.Globalization;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Reads a Xen featureset: 32-bit hex words joined by <c>-</c> (XAPI) or <c>:</c> (<c>xen-cpuid</c>), word <i>i</i>
/// being Xen's featureset word <i>i</i>. Three shapes are accepted:
/// <list type="bullet">
/// <item>the bare string, e.g. from <c>xe host-param-get ... param-key=features_hvm_host</c>;</item>
/// <item><c>xen-cpuid</c> output (<c>Raw   17cbfbff:f7fa3223:...</c> lines; of several sets, <c>HVM Default</c>
/// is read, then <c>Host</c>, then the first);</item>
/// <item><c>xe host-param-get param-name=cpu_info</c> (<c>vendor: GenuineIntel; family: 6; ...; features_hvm_host: ...</c>),
/// which also gives vendor, family, model and stepping. Its <c>features_hvm_host</c> (the HVM default set, what
/// XAPI levels pools with and boots new VMs with) is read, else <c>features_hvm</c>.</item>
/// <item><c>xe host-cpu-info</c>: the same map, one <c>key: value</c> per line (xen-api cli_printer.ml
/// <c>multi_line_record</c>: keys padded to a common width, the first on the right, the others on the left).</item>
/// </list>
/// Where both are present, <c>features_hvm</c> (what an HVM guest can be given at most, what XAPI checks a migration
/// against) is the capability and <c>features_hvm_host</c> (what new VMs boot with) the default.
/// A bare featureset does not name the vendor.
/// </summary>
public static partial class XenFeaturesetReader
{
    private static readonly string[] PreferredSets = ["HVM Default", "Host"];

    /// <summary>Whether the text is one of the shapes above (used for format detection).</summary>
    public static bool Looks(string text)
    {
        // Loosely: one word of letters and digits joined by `-` or `:`, mostly hex words, so that a mistyped word
        // is reported by the featureset reader at its column rather than as an unknown format.
        var trimmed = text.Trim();
        if (LooseFeatureset().IsMatch(trimmed))
        {
            var pieces = trimmed.Split('-', ':');
            if (pieces.Count(p => HexNumber.TryParse(p, 1, 8, out _)) * 2 >= pieces.Length)
            {
                return true;
            }
        }

        return CpuInfoKey().IsMatch(text) || XeRecordFeatureKey().IsMatch(text) || SourceLine.Split(text).Any(l => LabelledSet().IsMatch(l.Text));
    }

    public static HostCapability Parse(string text, string path, InventoryOptions options)
    {
        var lines = SourceLine.Split(text).Where(l => l.Text.Trim().Length > 0).ToList();
        if (lines.Count == 1 && CpuInfoKey().IsMatch(lines[0].Text))
        {
            return ParseCpuInfo(lines[0], path, options);
        }

        if (lines.Count > 1 && XeRecordFeatureKey().IsMatch(text))
        {
            return ParseXeRecord(lines, path, options);
        }

        var labelled = lines.Select(l => (Line: l, Match: LabelledSet().Match(l.Text))).Where(x => x.Match.Success).ToList();
        if (labelled.Count > 0)
        {
            var chosen = PreferredSets
                .Select(label => labelled.FirstOrDefault(x => string.Equals(x.Match.Groups["label"].Value.Trim(), label, StringComparison.OrdinalIgnoreCase)))
                .FirstOrDefault(x => x.Match is not null);
            var (line, match) = chosen.Match is not null ? chosen : labelled[0];
            var words = match.Groups["words"];
            return Decode(line, words.Index + 1, words.Value, path, options, CpuVendor.Unknown, null, null, null);
        }

        if (lines.Count != 1)
        {
            throw InventoryErrors.At(
                DiagnosticCatalog.XenFeaturesetSyntax,
                path,
                lines.Count > 1 ? lines[1].Number : 1,
                lines.Count > 1 ? lines[1].FirstColumn : 1,
                "a featureset is one line of hex words joined by `-` or `:`",
                "put one featureset in the file, e.g. the value of `xe host-param-get uuid=... param-name=cpu_info param-key=features_hvm_host`");
        }

        var only = lines[0];
        return Decode(only, only.FirstColumn, only.Text.Trim(), path, options, CpuVendor.Unknown, null, null, null);
    }

    private static HostCapability ParseCpuInfo(SourceLine line, string path, InventoryOptions options)
    {
        var fields = new Dictionary<string, MapField>(StringComparer.Ordinal);
        var position = 0;
        foreach (var part in line.Text.Split(';'))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var value = part[(colon + 1)..];
                var column = position + colon + 2 + (value.Length - value.TrimStart().Length);
                fields.TryAdd(part[..colon].Trim(), new MapField(value.Trim(), line, column));
            }

            position += part.Length + 1;
        }

        return FromMap(fields, line, "this `cpu_info`", path, options);
    }

    /// <summary><c>xe host-cpu-info</c>: one <c>key: value</c> per line; a line that is not one is where the output was mangled.</summary>
    private static HostCapability ParseXeRecord(List<SourceLine> lines, string path, InventoryOptions options)
    {
        var fields = new Dictionary<string, MapField>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var match = XeRecordLine().Match(line.Text);
            if (!match.Success)
            {
                throw InventoryErrors.At(
                    DiagnosticCatalog.XenFeaturesetSyntax,
                    path,
                    line.Number,
                    line.FirstColumn,
                    "this line of `xe host-cpu-info` output is not `key: value`",
                    "give the output of `xe host-cpu-info uuid=HOST` unchanged");
            }

            var value = match.Groups["value"];
            fields.TryAdd(match.Groups["key"].Value, new MapField(value.Value.Trim(), line, value.Index + 1));
        }

        return FromMap(fields, lines[0], "this `xe host-cpu-info` output", path, options);
    }

    private static HostCapability FromMap(Dictionary<string, MapField> fields, SourceLine first, string what, string path, InventoryOptions options)
    {
        var hasHvm = fields.TryGetValue("features_hvm", out var hvm);
        var hasHost = fields.TryGetValue("features_hvm_host", out var hvmHost);
        if (!hasHvm && !hasHost)
        {
            throw InventoryErrors.At(
                DiagnosticCatalog.XenFeaturesetSyntax,
                path,
                first.Number,
                1,
                $"{what} has neither `features_hvm_host` nor `features_hvm`",
                "the host's XAPI is too old for feature levelling, or the output was cut off");
        }

        int? Int(string key) =>
            fields.TryGetValue(key, out var v) && int.TryParse(v.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

        var vendor = fields.TryGetValue("vendor", out var vendorField) ? CpuVendors.Parse(vendorField.Value) : CpuVendor.Unknown;
        var capability = hasHvm ? hvm! : hvmHost!;
        var decoded = Decode(capability.Line, capability.Column, capability.Value, path, options, vendor, Int("family"), Int("model"), Int("stepping"));
        if (!hasHvm || !hasHost)
        {
            return decoded;
        }

        // The default set is a second featureset of the same host; its unknown bits were reported with the first.
        var defaults = Decode(hvmHost!.Line, hvmHost.Column, hvmHost.Value, path, options, vendor, null, null, null);
        return decoded with { DefaultFeatures = defaults.Features };
    }

    private sealed record MapField(string Value, SourceLine Line, int Column);

    private static HostCapability Decode(
        SourceLine line, int column, string featureset, string path, InventoryOptions options, CpuVendor vendor, int? family, int? model, int? stepping)
    {
        var words = new List<uint>();
        var offset = 0;
        foreach (var piece in featureset.Split('-', ':'))
        {
            if (!HexNumber.TryParse(piece, 1, 8, out var word))
            {
                throw InventoryErrors.At(
                    DiagnosticCatalog.XenFeaturesetSyntax,
                    path,
                    line.Number,
                    column + offset,
                    piece.Length == 0 ? "empty word in the featureset" : $"`{piece}` is not a 32-bit hex word",
                    "a featureset reads like `17cbfbff-f7fa3223-2d93fbff-00000123`: up to 8 hex digits per word");
            }

            words.Add((uint)word);
            offset += piece.Length + 1;
        }

        // XAPI and xen-cpuid zero-pad every word to 8 digits, so a shorter last word after full ones is a string
        // that was cut off (a truncated copy-paste), not a small word.
        var pieces = featureset.Split('-', ':');
        if (pieces.Length > 1 && pieces[..^1].All(p => p.Length == 8) && pieces[^1].Length < 8)
        {
            throw InventoryErrors.At(
                DiagnosticCatalog.XenFeaturesetSyntax,
                path,
                line.Number,
                column + featureset.Length - pieces[^1].Length,
                $"the last word `{pieces[^1]}` is shorter than the others: the featureset was cut off",
                "copy the whole featureset again");
        }

        var db = options.FeatureDb;
        var present = new List<int>();
        var unknownBits = new List<string>();
        for (var w = 0; w < words.Count; w++)
        {
            for (var bit = 0; bit < 32; bit++)
            {
                if (((words[w] >> bit) & 1) == 0)
                {
                    continue;
                }

                if (db.FindByXenBit(w, bit) is { } f)
                {
                    present.Add(f.Index);
                }
                else
                {
                    unknownBits.Add($"{(w * 32) + bit} (word {w} bit {bit})");
                }
            }
        }

        return new HostCapability
        {
            SourcePath = path,
            Format = InventoryFormat.XenFeatureset,
            Vendor = vendor,
            Family = family,
            Model = model,
            Stepping = stepping,
            Features = FeatureSet.Of(present),
            Knowable = FeatureSet.Of(db.Features.Where(f => f.Xen is { } x && x.Word < words.Count)),
            Warnings = unknownBits.Count == 0
                ? []
                :
                [
                    DiagnosticCatalog.XenFeaturesetUnknownBits.Create(
                        SourceSpan.At(path, line.Number, column),
                        $"set bits that no Xen release in the database names were ignored: {string.Join(", ", unknownBits)}",
                        "a newer Xen than cpupolicy knows, or a featureset that is not Xen's"),
                ],
        };
    }

    [GeneratedRegex(@"^[0-9a-zA-Z]+([-:][0-9a-zA-Z]*)+$|^[0-9a-fA-F]{8}$", RegexOptions.NonBacktracking)]
    private static partial Regex LooseFeatureset();

    [GeneratedRegex(@"(^|;)\s*features_(hvm|pv)(_host)?\s*:", RegexOptions.NonBacktracking)]
    private static partial Regex CpuInfoKey();

    [GeneratedRegex(@"^[ \t]*features_(hvm|pv)(_host)?[ \t]*:", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex XeRecordFeatureKey();

    [GeneratedRegex(@"^[ \t]*(?<key>[A-Za-z][A-Za-z0-9_]*)[ \t]*:(?<value>.*)$", RegexOptions.NonBacktracking)]
    private static partial Regex XeRecordLine();

    [GeneratedRegex(@"^(?<label>[A-Za-z][A-Za-z ]*?)\s+(?<words>[0-9a-fA-F]{1,8}(:[0-9a-fA-F]{1,8}){3,})\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex LabelledSet();
}
