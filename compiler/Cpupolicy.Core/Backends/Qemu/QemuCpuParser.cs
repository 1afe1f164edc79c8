using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Qemu;

/// <summary>
/// Splits a <c>-cpu</c> argument (with or without the leading <c>-cpu</c>, optionally quoted) into a
/// <see cref="QemuCpuOption"/>, checking each token against <see cref="QemuVocabulary"/>. Errors name the token
/// and its column.
/// </summary>
public static class QemuCpuParser
{
    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.Ordinal)
    {
        ["on"] = true, ["yes"] = true, ["true"] = true, ["off"] = false, ["no"] = false, ["false"] = false,
    };

    public static QemuCpuOption Parse(string artifact, QemuVocabulary vocabulary, string source)
    {
        ArtifactErrors.CheckSize(artifact, source);
        var (text, line, column) = Unwrap(artifact, source);
        var tokens = text.Split(',');
        var model = tokens[0];
        if (model.Length == 0 || model.Contains('=', StringComparison.Ordinal) || model[0] is '+' or '-')
        {
            throw Error(DiagnosticCatalog.ArtifactMalformed, source, line, column, Math.Max(model.Length, 1),
                "the -cpu argument does not start with a model name", "write -cpu MODEL,+feat,-feat,...");
        }

        var properties = new List<(string, bool)>();
        var plus = new List<string>();
        var minus = new List<string>();
        var at = column + model.Length + 1;
        foreach (var token in tokens.Skip(1))
        {
            var tokenColumn = at;
            at += token.Length + 1;
            if (token.Length == 0)
            {
                throw Error(DiagnosticCatalog.ArtifactMalformed, source, line, tokenColumn, 1, "empty item in the -cpu argument", "remove the extra comma");
            }

            if (token[0] is '+' or '-')
            {
                var name = token[1..];
                if (vocabulary.Find(name) is null)
                {
                    throw Unknown(name, vocabulary, source, line, tokenColumn + 1);
                }

                (token[0] == '+' ? plus : minus).Add(name);
                continue;
            }

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            // QEMU's feat2prop: key=value keys have `_` turned into `-`.
            var key = (eq < 0 ? token : token[..eq]).Replace('_', '-');
            var value = eq < 0 ? "on" : token[(eq + 1)..];
            if (vocabulary.Find(key) is not null)
            {
                if (!Booleans.TryGetValue(value, out var on))
                {
                    throw Error(DiagnosticCatalog.ArtifactBadValue, source, line, tokenColumn + eq + 1, value.Length,
                        $"`{key}` cannot be `{value}`", "use on or off");
                }

                properties.Add((key, on));
            }
            else if (!QemuVocabulary.IsOtherProperty(key))
            {
                throw Unknown(key, vocabulary, source, line, tokenColumn);
            }
        }

        return new QemuCpuOption(model, properties, plus, minus);
    }

    /// <summary>
    /// The model and the <c>key=value</c> items of a <c>-cpu</c> argument with their columns, unchecked (the aarch64
    /// decoder judges them); a <c>+f</c>/<c>-f</c> item is kept as written, with an empty value.
    /// </summary>
    public static (string Model, IReadOnlyList<(string Key, string Value, int Column)> Items, int Line) SplitItems(string artifact, string source)
    {
        ArtifactErrors.CheckSize(artifact, source);
        var (text, line, column) = Unwrap(artifact, source);
        var tokens = text.Split(',');
        var items = new List<(string, string, int)>();
        var at = column + tokens[0].Length + 1;
        foreach (var token in tokens.Skip(1))
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            items.Add((eq < 0 ? token : token[..eq], eq < 0 ? (token.StartsWith('+') || token.StartsWith('-') ? string.Empty : "on") : token[(eq + 1)..], at));
            at += token.Length + 1;
        }

        return (tokens[0], items, line);
    }

    /// <summary>
    /// Strips blank and <c>#</c> lines, blanks, a leading <c>-cpu</c> and surrounding quotes; returns the argument
    /// with its 1-based line and column.
    /// </summary>
    private static (string Text, int Line, int Column) Unwrap(string artifact, string source)
    {
        var lines = artifact.Split('\n')
            .Select((l, i) => (Text: l.TrimEnd('\r'), Number: i + 1))
            .Where(l => l.Text.Trim().Length > 0 && !l.Text.TrimStart().StartsWith('#'))
            .ToList();
        if (lines.Count != 1)
        {
            throw ArtifactErrors.File(DiagnosticCatalog.ArtifactMalformed, source,
                lines.Count == 0 ? "the QEMU artifact is empty" : "the QEMU artifact must be one line",
                "write -cpu MODEL,+feat,-feat,...");
        }

        var (line, number) = lines[0];
        var start = line.Length - line.TrimStart().Length;
        var text = line.Trim();
        if (text.StartsWith("-cpu", StringComparison.Ordinal) && (text.Length == 4 || text[4] is ' ' or '\t' or '='))
        {
            var rest = text[4..].TrimStart(' ', '\t', '=');
            start += text.Length - rest.Length;
            text = rest;
        }

        if (text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0])
        {
            text = text[1..^1];
            start++;
        }

        if (text.Any(char.IsWhiteSpace))
        {
            var blank = text.IndexOf(text.First(char.IsWhiteSpace));
            throw Error(DiagnosticCatalog.ArtifactMalformed, source, number, start + blank + 1, 1,
                "a blank inside the -cpu argument", "the argument is one word: MODEL,+feat,-feat,... (quote it in a shell)");
        }

        return (text, number, start + 1);
    }

    private static DiagnosticException Unknown(string name, QemuVocabulary vocabulary, string source, int line, int column) =>
        Error(DiagnosticCatalog.ArtifactUnknownFeature, source, line, column, name.Length,
            $"QEMU 7.2 has no CPU property `{name}`",
            NameSuggester.DidYouMean(Database.NameSuggester.Suggest(name, vocabulary.Names)));

    private static DiagnosticException Error(DiagnosticDescriptor descriptor, string source, int line, int column, int length, string message, string? hint) =>
        ArtifactErrors.At(descriptor, source, line, column, length, message, hint);
}
