using System.Text;
using System.Text.RegularExpressions;

namespace Cpupolicy.Tests.Docs;

/// <summary>
/// One command line of a documentation example, split the way a POSIX shell splits a simple command: leading
/// <c>NAME=value</c> assignments, the words (with <c>'...'</c>, <c>"..."</c> and <c>\</c> quoting), a <c>&lt; FILE</c>
/// stdin redirection, and a trailing <c># comment</c>. A comment <c># exit N</c> states the expected exit code.
/// </summary>
public sealed partial record ShellCommand(IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Words, string? Stdin, int ExpectedExit)
{
    public static ShellCommand Parse(string line)
    {
        var words = new List<string>();
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        string? stdin = null;
        var expected = 0;
        var i = 0;
        var redirect = false;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= line.Length)
            {
                break;
            }

            if (line[i] == '#')
            {
                var exit = ExitComment().Match(line[i..]);
                if (exit.Success)
                {
                    expected = int.Parse(exit.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                }

                break;
            }

            if (line[i] == '<')
            {
                redirect = true;
                i++;
                continue;
            }

            if (line[i] is '|' or '>' or ';' or '&')
            {
                throw new FormatException($"`{line[i]}` is not supported in a runnable example (only `< FILE`): {line}");
            }

            var word = ReadWord(line, ref i);
            if (redirect)
            {
                stdin = word;
                redirect = false;
            }
            else if (words.Count == 0 && Assignment().Match(word) is { Success: true } a)
            {
                env[a.Groups[1].Value] = a.Groups[2].Value;
            }
            else
            {
                words.Add(word);
            }
        }

        if (redirect)
        {
            throw new FormatException($"`<` without a file: {line}");
        }

        return new ShellCommand(env, words, stdin, expected);
    }

    private static string ReadWord(string line, ref int i)
    {
        var word = new StringBuilder();
        while (i < line.Length && line[i] is not (' ' or '\t' or '<' or '|' or '>' or ';' or '&'))
        {
            var c = line[i++];
            if (c == '\'')
            {
                var end = line.IndexOf('\'', i);
                if (end < 0)
                {
                    throw new FormatException($"unclosed ' in: {line}");
                }

                word.Append(line, i, end - i);
                i = end + 1;
            }
            else if (c == '"')
            {
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                    }

                    word.Append(line[i++]);
                }

                if (i >= line.Length)
                {
                    throw new FormatException($"unclosed \" in: {line}");
                }

                i++;
            }
            else if (c == '\\' && i < line.Length)
            {
                word.Append(line[i++]);
            }
            else
            {
                word.Append(c);
            }
        }

        return word.ToString();
    }

    [GeneratedRegex(@"^#\s*exit\s+([0-9]+)\b")]
    private static partial Regex ExitComment();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", RegexOptions.Singleline)]
    private static partial Regex Assignment();
}
