using System.Text.RegularExpressions;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Nova;

/// <summary>One option of a nova.conf section as oslo.config reads it: its value (continuation lines joined by a newline) and line.</summary>
public sealed record NovaOption(string Value, int Line);

/// <summary>One flavor extra spec <c>trait:NAME=VALUE</c> found in a <c>--property</c> of the artifact's comments.</summary>
public sealed record NovaTraitSpec(string Trait, string Value, int Line);

/// <summary>
/// Reads a nova.conf the way oslo.config's <c>iniparser</c> does: <c>[section]</c> headers, <c>key = value</c> or
/// <c>key: value</c> (the first of <c>=</c> and <c>:</c> splits), continuation lines that start with a space or tab, <c>#</c> and
/// <c>;</c> comments, matching quotes around a value dropped, and the last of several values of one key winning. Keeps
/// the <c>[libvirt]</c> section, plus the flavor extra specs <c>--property trait:NAME=VALUE</c> the emitter writes
/// in comments. Every parse error oslo.config raises is CP0501 here.
/// </summary>
public static partial class NovaConfig
{
    public const string Section = "libvirt";

    public static (IReadOnlyDictionary<string, NovaOption> Libvirt, bool HasSection, IReadOnlyList<NovaTraitSpec> Traits) Parse(string text, string source)
    {
        ArtifactErrors.CheckSize(text, source);
        var libvirt = new Dictionary<string, NovaOption>(StringComparer.Ordinal);
        var traits = new List<NovaTraitSpec>();
        var hasSection = false;
        string? section = null;
        string? key = null;
        var value = new List<string>();
        var keyLine = 0;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

        void Flush()
        {
            if (key is not null && section == Section)
            {
                libvirt[key] = new NovaOption(string.Join("\n", value), keyLine);
            }

            key = null;
            value.Clear();
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd();
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (key is null)
                {
                    throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, number, 1, line.Length,
                        "a continuation line (it starts with a space or tab) with no option before it", "start the line in column 1");
                }

                value.Add(line.TrimStart());
                continue;
            }

            Flush();
            if (line[0] == '[')
            {
                if (!line.EndsWith(']') || line.Length <= 2)
                {
                    throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, number, 1, line.Length,
                        line.EndsWith(']') ? "an empty section name" : "a section header that does not end with `]`", "write `[libvirt]`");
                }

                section = line[1..^1];
                hasSection |= section == Section;
            }
            else if (line[0] is '#' or ';')
            {
                foreach (Match m in TraitProperty().Matches(line))
                {
                    traits.Add(new NovaTraitSpec(m.Groups["t"].Value, m.Groups["v"].Value, number));
                }
            }
            else
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var equal = line.IndexOf('=', StringComparison.Ordinal);
                if (colon < 0 && equal < 0)
                {
                    throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, number, 1, line.Length,
                        "no `=` or `:` in an option line", "write `name = value`");
                }

                var at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
                var k = line[..at].Trim();
                if (k.Length == 0)
                {
                    throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, number, 1, line.Length, "an option with no name", "write `name = value`");
                }

                if (section is null)
                {
                    throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, number, 1, line.Length,
                        $"option `{k}` before any section", "put it under `[libvirt]`");
                }

                var v = line[(at + 1)..].Trim();
                if (v.Length >= 2 && v[0] == v[^1] && v[0] is '"' or '\'')
                {
                    v = v[1..^1];
                }

                key = k;
                keyLine = number;
                value.Add(v);
            }
        }

        Flush();
        return (libvirt, hasSection, traits);
    }

    /// <summary><c>--property trait:HW_CPU_X86_AVX2=required</c>, as <c>openstack flavor set</c> takes it.</summary>
    [GeneratedRegex(@"--property[ =]trait:(?<t>[A-Za-z0-9_]+)=(?<v>[A-Za-z]*)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex TraitProperty();
}
