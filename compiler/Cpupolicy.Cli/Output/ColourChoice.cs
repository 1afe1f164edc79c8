namespace Cpupolicy.Cli.Output;

/// <summary>
/// Whether a stream gets colour: only human output (not <c>--json</c>) to a terminal, and never when <c>NO_COLOR</c>
/// is set, whatever its value (https://no-color.org; an empty value counts as set, the safe side).
/// </summary>
public static class ColourChoice
{
    public static bool Enabled(bool json, bool isTerminal, Func<string, string?> env) =>
        !json && isTerminal && env("NO_COLOR") is null;

    public static Paint For(bool json, bool isTerminal, Func<string, string?> env) =>
        Enabled(json, isTerminal, env) ? new Paint(true) : Paint.None;
}
