using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// Reads the settings of an xl.cfg file (<c>key = value</c>, separated by newlines or <c>;</c>, <c>#</c> comments),
/// enough to find <c>cpuid</c> in a whole domain config as well as in a one-line artifact. Values are strings in
/// double or single quotes, lists <c>[ ... ]</c> of them, or bare scalars. Every error is a CP0501 at its position.
/// </summary>
public sealed class XlConfigReader
{
    private readonly string text;
    private readonly string source;
    private int pos;
    private int line = 1;
    private int column = 1;

    private XlConfigReader(string text, string source)
    {
        this.text = text;
        this.source = source;
    }

    /// <summary>Every setting of the file; a key set twice keeps its last value, as xl does.</summary>
    public static IReadOnlyDictionary<string, XlValue> Read(string text, string source)
    {
        var reader = new XlConfigReader(text, source);
        var settings = new Dictionary<string, XlValue>(StringComparer.Ordinal);
        while (true)
        {
            reader.SkipBlanks(newlines: true);
            if (reader.AtEnd)
            {
                return settings;
            }

            if (reader.Peek == ';')
            {
                reader.Next();
                continue;
            }

            var key = reader.Identifier();
            reader.SkipBlanks(newlines: false);
            reader.Expect('=', $"`=` after `{key}`");
            reader.SkipBlanks(newlines: true);
            settings[key] = reader.Value(allowList: true);
            reader.SkipBlanks(newlines: false);
            if (!reader.AtEnd && reader.Peek is not ('\n' or ';'))
            {
                throw reader.Error($"unexpected `{reader.Peek}` after the value of `{key}`", "put one setting per line");
            }
        }
    }

    /// <summary>Reads a bare value (a quoted string or a list), as when only the right-hand side of <c>cpuid =</c> is given.</summary>
    public static XlValue ReadValue(string text, string source)
    {
        var reader = new XlConfigReader(text, source);
        reader.SkipBlanks(newlines: true);
        var value = reader.Value(allowList: true);
        reader.SkipBlanks(newlines: true);
        return reader.AtEnd ? value : throw reader.Error($"unexpected `{reader.Peek}` after the value", null);
    }

    private bool AtEnd => pos >= text.Length;

    private char Peek => text[pos];

    private char Next()
    {
        var c = text[pos++];
        if (c == '\n')
        {
            line++;
            column = 1;
        }
        else
        {
            column++;
        }

        return c;
    }

    private void SkipBlanks(bool newlines)
    {
        while (!AtEnd)
        {
            var c = Peek;
            if (c == '#')
            {
                while (!AtEnd && Peek != '\n')
                {
                    Next();
                }
            }
            else if (c is ' ' or '\t' or '\r' || (newlines && c == '\n'))
            {
                Next();
            }
            else
            {
                return;
            }
        }
    }

    private string Identifier()
    {
        var start = pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek is '_' or '.' or '-'))
        {
            Next();
        }

        return pos > start
            ? text[start..pos]
            : throw Error($"expected a setting name such as `cpuid`, found `{Peek}`", "an xl.cfg line reads `cpuid = \"host,...\"`");
    }

    private void Expect(char c, string what)
    {
        if (AtEnd || Peek != c)
        {
            throw Error($"expected {what}", null);
        }

        Next();
    }

    private XlValue Value(bool allowList)
    {
        if (AtEnd)
        {
            throw Error("expected a value", null);
        }

        var (startLine, startColumn) = (line, column);
        if (Peek is '"' or '\'')
        {
            return new XlValue(false, [QuotedString()], true, startLine, startColumn);
        }

        if (Peek == '[' && allowList)
        {
            Next();
            var items = new List<XlString>();
            while (true)
            {
                SkipBlanks(newlines: true);
                if (AtEnd)
                {
                    throw Error("the list is not closed with `]`", null);
                }

                if (Peek == ']')
                {
                    Next();
                    return new XlValue(true, items, false, startLine, startColumn);
                }

                var item = Value(allowList: false);
                if (!item.IsString)
                {
                    throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
                        SourceSpan.At(source, item.Line, item.Column),
                        "a cpuid list holds quoted strings only",
                        "write each leaf as \"leaf[,subleaf]:eXx=<32 characters>\""));
                }

                items.Add(item.Items[0]);
                SkipBlanks(newlines: true);
                if (!AtEnd && Peek == ',')
                {
                    Next();
                }
                else if (!AtEnd && Peek != ']')
                {
                    throw Error($"expected `,` or `]` in the list, found `{Peek}`", null);
                }
            }
        }

        var start = pos;
        while (!AtEnd && Peek is not ('\n' or ';' or ',' or ']' or '#' or ' ' or '\t' or '\r'))
        {
            Next();
        }

        return pos > start
            ? new XlValue(false, [new XlString(text[start..pos], startLine, startColumn)], false, startLine, startColumn)
            : throw Error($"expected a value, found `{Peek}`", null);
    }

    private XlString QuotedString()
    {
        var quote = Next();
        var (startLine, startColumn) = (line, column);
        var chars = new System.Text.StringBuilder();
        while (true)
        {
            if (AtEnd || Peek == '\n')
            {
                throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
                    SourceSpan.At(source, startLine, startColumn - 1),
                    "the string is not closed",
                    $"end it with {quote} on the same line"));
            }

            var c = Next();
            if (c == quote)
            {
                return new XlString(chars.ToString(), startLine, startColumn);
            }

            if (c == '\\' && !AtEnd && Peek != '\n')
            {
                c = Next();
            }

            chars.Append(c);
        }
    }

    private DiagnosticException Error(string message, string? hint) =>
        new(DiagnosticCatalog.ArtifactMalformed.Create(SourceSpan.At(source, line, column, 1), message, hint));
}
