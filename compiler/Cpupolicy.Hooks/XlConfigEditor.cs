using System.Text;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// Edits the <c>cpuid</c> setting of an xl domain config (xl.cfg(5): <c>KEY = VALUE</c> separated by newlines or
/// <c>;</c>, <c>#</c> comments, values that are quoted strings, <c>[ ... ]</c> lists or bare words) by replacing its
/// exact character range, so every other line and comment stays as it was. The text is handled as Latin-1 (one char
/// per byte), which keeps any bytes the file has, UTF-8 or not, unchanged. A file the scanner cannot read is
/// refused (CP0611) rather than edited by guesswork.
/// </summary>
public static class XlConfigEditor
{
    public static readonly Encoding Bytes = Encoding.Latin1;

    /// <summary>Every setting in file order; CP0611 at the first syntax error.</summary>
    public static IReadOnlyList<XlSetting> Settings(string text, string source)
    {
        // xl's own parser stops at a NUL byte; a file with one is not a config xl reads (found by the hostile tests).
        if (text.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0)
        {
            throw Error(source, text, nul, "a NUL byte: this is binary data, not an xl config");
        }

        var settings = new List<XlSetting>();
        var i = 0;
        while (true)
        {
            i = SkipBlanks(text, i, newlines: true, semicolons: true);
            if (i >= text.Length)
            {
                return settings;
            }

            var start = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
            {
                i++;
            }

            if (i == start)
            {
                throw Error(source, text, i, $"expected a setting name, found `{Show(text[i])}`");
            }

            var key = text[start..i];
            i = SkipBlanks(text, i, newlines: false, semicolons: false);
            if (i + 1 < text.Length && text[i] == '+' && text[i + 1] == '=')
            {
                i += 2;
            }
            else if (i < text.Length && text[i] == '=')
            {
                i++;
            }
            else
            {
                throw Error(source, text, i, $"expected `=` after `{key}`");
            }

            i = SkipBlanks(text, i, newlines: true, semicolons: false);
            var (end, value) = Value(text, i, source, allowList: true);
            settings.Add(new XlSetting(key, start, end, value));
            i = SkipBlanks(text, end, newlines: false, semicolons: false);
            if (i < text.Length && text[i] is not ('\n' or ';'))
            {
                throw Error(source, text, i, $"unexpected `{Show(text[i])}` after the value of `{key}`");
            }
        }
    }

    /// <summary>The domain's <c>name</c> (the last one, as xl takes the last), or null.</summary>
    public static string? NameOf(string text, string source)
    {
        var name = Settings(text, source).LastOrDefault(s => s.Key == "name")?.StringValue;
        return name is null ? null : Encoding.UTF8.GetString(Bytes.GetBytes(name));
    }

    /// <summary>The <c>cpuid = ...</c> statement of a xen artifact and the comment lines before it.</summary>
    public static (string Comment, string Statement) CpuidOf(string artifact, string source)
    {
        var setting = Settings(artifact, source).LastOrDefault(s => s.Key == "cpuid")
            ?? throw new DiagnosticException(DiagnosticCatalog.BundleCorrupt.Create(
                SourceSpan.WholeFile(source), "the profile's xen artifact has no `cpuid =` setting", "recompile the policy and reinstall bundle.json"));
        var comment = string.Concat(artifact[..setting.Start].Split('\n').Where(l => l.StartsWith('#')).Select(l => l + "\n"));
        return (comment, artifact[setting.Start..setting.End]);
    }

    /// <summary>
    /// The config with every <c>cpuid</c> setting replaced by <paramref name="statement"/> (xl takes the last, so all
    /// get the same value), or, when there is none, with the comment and statement appended on lines of their own.
    /// </summary>
    public static string SetCpuid(string text, string comment, string statement, string source)
    {
        var newLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        statement = statement.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", newLine, StringComparison.Ordinal);
        var cpuid = Settings(text, source).Where(s => s.Key == "cpuid").ToList();
        if (cpuid.Count == 0)
        {
            var result = new StringBuilder(text);
            if (text.Length > 0 && !text.EndsWith('\n'))
            {
                result.Append(newLine);
            }

            result.Append(comment.Replace("\n", newLine, StringComparison.Ordinal)).Append(statement).Append(newLine);
            return result.ToString();
        }

        var edited = new StringBuilder(text);
        foreach (var setting in Enumerable.Reverse(cpuid))
        {
            edited.Remove(setting.Start, setting.End - setting.Start).Insert(setting.Start, statement);
        }

        return edited.ToString();
    }

    private static (int End, string? StringValue) Value(string text, int i, string source, bool allowList)
    {
        if (i >= text.Length)
        {
            throw Error(source, text, i, "expected a value");
        }

        if (text[i] is '"' or '\'')
        {
            var quote = text[i];
            var value = new StringBuilder();
            var j = i + 1;
            while (true)
            {
                if (j >= text.Length || text[j] == '\n')
                {
                    throw Error(source, text, i, "the string is not closed on its line");
                }

                if (text[j] == quote)
                {
                    return (j + 1, value.ToString());
                }

                if (text[j] == '\\' && j + 1 < text.Length && text[j + 1] != '\n')
                {
                    j++;
                }

                value.Append(text[j]);
                j++;
            }
        }

        if (text[i] == '[' && allowList)
        {
            var j = i + 1;
            while (true)
            {
                j = SkipBlanks(text, j, newlines: true, semicolons: false);
                if (j >= text.Length)
                {
                    throw Error(source, text, i, "the list is not closed with `]`");
                }

                if (text[j] == ']')
                {
                    return (j + 1, null);
                }

                (j, _) = Value(text, j, source, allowList: false);
                j = SkipBlanks(text, j, newlines: true, semicolons: false);
                if (j < text.Length && text[j] == ',')
                {
                    j++;
                }
                else if (j < text.Length && text[j] != ']')
                {
                    throw Error(source, text, j, $"expected `,` or `]` in the list, found `{Show(text[j])}`");
                }
            }
        }

        var k = i;
        while (k < text.Length && text[k] is not ('\n' or ';' or ',' or ']' or '#' or ' ' or '\t' or '\r'))
        {
            k++;
        }

        return k > i ? (k, null) : throw Error(source, text, i, $"expected a value, found `{Show(text[i])}`");
    }

    private static int SkipBlanks(string text, int i, bool newlines, bool semicolons)
    {
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c is ' ' or '\t' or '\r' || (newlines && c == '\n') || (semicolons && c == ';'))
            {
                i++;
            }
            else
            {
                return i;
            }
        }

        return i;
    }

    private static string Show(char c) => char.IsControl(c) || c > '~' ? $"\\x{(int)c:x2}" : c.ToString();

    private static DiagnosticException Error(string source, string text, int offset, string message)
    {
        var line = 1 + text.AsSpan(0, Math.Min(offset, text.Length)).Count('\n');
        var column = offset - (offset == 0 ? 0 : text.LastIndexOf('\n', Math.Min(offset, text.Length) - 1) + 1) + 1;
        return new DiagnosticException(DiagnosticCatalog.XlConfigRejected.Create(
            SourceSpan.At(source, line, column), message, "cpupolicy edits only configs that xl itself reads; fix the file first"));
    }
}
