using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// The libxl form of xl.cfg: <c>cpuid = "host,KEY=VALUE,..."</c>. libxl starts from the domain's default policy
/// (the word <c>host</c> is only syntax), then applies each key in order, later keys winning.
/// </summary>
public static class XenLibxlForm
{
    /// <summary>
    /// Clears every controllable feature outside the profile (<c>=0</c>) and opts in the profile's features that are
    /// off by default (<c>=1</c>, lower-case scopes such as <c>movdiri</c>); the rest stay at Xen's default. Sorted by key.
    /// </summary>
    public static string Emit(ProfileIr profile, XenRelease release, XenLeafPlan plan)
    {
        var tokens = new List<string>();
        if (plan.MaxBasic is { } maxBasic)
        {
            // Hides the basic leaves some host lacks (and another has) on every host: Xen clears leaves above it.
            tokens.Add($"maxleaf={maxBasic}");
        }

        foreach (var f in release.Db.Expand(plan.Present))
        {
            var key = release.LibxlKey(f) ?? throw new InvalidOperationException($"{f.Name} is controllable but has no libxl key");
            if (!profile.Features.Contains(f))
            {
                tokens.Add($"{key}=0");
            }
            else if (!release.IsDefaultOn(f))
            {
                tokens.Add($"{key}=1");
            }
        }

        tokens.Sort(StringComparer.Ordinal);
        var value = string.Join(",", tokens.Prepend("host"));
        return $"# cpupolicy: profile {profile.Name} for xl.cfg, libxl names of Xen {release.Release}; "
            + "features not named keep Xen's default policy\n"
            + $"cpuid = \"{value}\"\n";
    }

    /// <summary>
    /// The bit character each named feature gets (later keys win); keys that set no featureset bit are checked and
    /// dropped, except <c>maxleaf</c>, whose value goes to <paramref name="maxima"/>.
    /// </summary>
    public static Dictionary<FeatureDefinition, char> Decode(XlString value, XenRelease release, string source, XenMaxLeaves maxima)
    {
        var settings = new Dictionary<FeatureDefinition, char>();
        var tokens = value.Text.Split(',');
        var offset = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var column = value.Column + offset;
            offset += token.Length + 1;
            if (i == 0)
            {
                if (token != "host")
                {
                    throw ArtifactErrors.At(
                        DiagnosticCatalog.ArtifactMalformed, source, value.Line, column, token.Length,
                        $"the libxl cpuid string starts with `{token}`; xl ignores the whole setting unless the first word is `host`",
                        "write cpuid = \"host,KEY=0,...\"");
                }

                continue;
            }

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw ArtifactErrors.At(
                    DiagnosticCatalog.ArtifactMalformed, source, value.Line, column, token.Length,
                    $"`{token}` has no `=`", "each item reads KEY=0, KEY=1, KEY=x or KEY=k");
            }

            var key = token[..eq];
            var text = token[(eq + 1)..];
            if (!release.TryKey(key, out var feature))
            {
                throw ArtifactErrors.At(
                    DiagnosticCatalog.ArtifactUnknownFeature, source, value.Line, column, key.Length,
                    $"libxl of Xen {release.Release} has no cpuid key `{key}`",
                    NameSuggester.DidYouMean(NameSuggester.Suggest(key, release.Keys)));
            }

            var numbersAllowed = feature?.Location.IsMsr != true; // MSR keys take single characters only.
            if (XenBitValue.Parse(text, numbersAllowed) is not { } bit)
            {
                throw ArtifactErrors.At(
                    DiagnosticCatalog.ArtifactBadValue, source, value.Line, column + eq + 1, text.Length,
                    $"`{key}` cannot be `{text}`",
                    numbersAllowed ? "use 0, 1, x (default policy), k (host) or a number" : "use 0, 1, x (default policy) or k (host)");
            }

            if (feature is not null)
            {
                settings[feature] = bit;
            }
            else if (key == "maxleaf")
            {
                // libxl sets all 32 bits of leaf 0 EAX from the number (strtoul, base 0).
                maxima.Basic = CNumber(text);
            }
        }

        return settings;
    }

    private static uint? CNumber(string text)
    {
        try
        {
            return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? Convert.ToUInt32(text[2..], 16)
                : text.Length > 1 && text[0] == '0' ? Convert.ToUInt32(text, 8)
                : uint.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return null; // k, x, s: leaf 0 EAX from the host or the default, no lower maximum.
        }
    }
}
