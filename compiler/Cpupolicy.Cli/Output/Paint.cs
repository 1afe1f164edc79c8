using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Cli.Output;

/// <summary>
/// Colour and emphasis for one human-readable stream, as plain ANSI SGR sequences, or nothing at all. INVARIANT: when
/// <see cref="Enabled"/> is false every method returns its text unchanged, so plain output is byte for byte what it
/// was before colour existed (the tests capture it). Whether a stream is painted is <see cref="ColourChoice"/>'s call.
/// </summary>
public sealed class Paint(bool enabled)
{
    public static readonly Paint None = new(false);

    public bool Enabled { get; } = enabled;

    /// <summary>A good verdict (compatible, evacuable, ok): green.</summary>
    public string Good(string text) => Sgr("32", text);

    /// <summary>A bad verdict (incompatible, blocked) or an error: red.</summary>
    public string Bad(string text) => Sgr("31", text);

    /// <summary>A verdict that depends on something not given, or a warning: yellow.</summary>
    public string Unsure(string text) => Sgr("33", text);

    /// <summary>A name the reader looks for (host, VM, profile, code): bold.</summary>
    public string Bold(string text) => Sgr("1", text);

    /// <summary>A diagnostic as <see cref="Diagnostic.ToString"/> prints it, its level coloured and its code bold.</summary>
    public string Diagnostic(Diagnostic d)
    {
        if (!Enabled)
        {
            return d.ToString();
        }

        var level = d.Severity == Severity.Error ? Bad("error") : Unsure("warning");
        var head = $"{d.Span}: {level} {Bold(d.Code)}: {d.Message}";
        return d.Hint is null ? head : $"{head}{Environment.NewLine}  hint: {d.Hint}";
    }

    private string Sgr(string code, string text) => Enabled && text.Length > 0 ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
