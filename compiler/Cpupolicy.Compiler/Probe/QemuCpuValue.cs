using System.Text;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// The <c>-cpu</c> value to boot with, from a QEMU artifact (<c>-cpu Haswell-v4,+pcid,enforce</c>) or from the QEMU
/// command line libvirt generates. <c>enforce</c> is removed: with it QEMU refuses to start when the accelerator lacks
/// a feature, and the probe wants the guest to start and QEMU to name what it dropped.
/// </summary>
public static class QemuCpuValue
{
    /// <summary>The value of a QEMU artifact or a bare <c>-cpu</c> value, without <c>enforce</c>.</summary>
    public static string FromArtifact(string artifact)
    {
        var lines = artifact.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var text = lines.Count == 1 ? lines[0] : throw new ArgumentException("a QEMU artifact is one line", nameof(artifact));
        var words = ShellWords(text);
        if (words.Count == 2 && words[0] == "-cpu")
        {
            return WithoutEnforce(words[1]);
        }

        return words.Count == 1 ? WithoutEnforce(words[0]) : throw new ArgumentException($"`{text}` is not a -cpu value", nameof(artifact));
    }

    /// <summary>The <c>-cpu</c> value of a QEMU command line (as <c>virsh domxml-to-native qemu-argv</c> prints it), or null.</summary>
    public static string? FromCommandLine(string commandLine)
    {
        var words = ShellWords(commandLine.Replace("\\\n", " ", StringComparison.Ordinal));
        var at = words.IndexOf("-cpu");
        return at >= 0 && at + 1 < words.Count ? WithoutEnforce(words[at + 1]) : null;
    }

    /// <summary>The values of every <c>-global</c> of a QEMU command line, in order (libvirt passes aarch64 CPU properties it has no element for so).</summary>
    public static IReadOnlyList<string> GlobalsFromCommandLine(string commandLine)
    {
        var words = ShellWords(commandLine.Replace("\\\n", " ", StringComparison.Ordinal));
        return [.. words.Select((w, i) => (w, i)).Where(x => x.w == "-global" && x.i + 1 < words.Count).Select(x => words[x.i + 1])];
    }

    public static string WithoutEnforce(string value) =>
        string.Join(',', value.Split(',').Where(t => t is not ("enforce" or "enforce=on" or "+enforce")));

    /// <summary>Splits on blanks outside quotes; single and double quotes and backslashes are removed as a POSIX shell would.</summary>
    private static List<string> ShellWords(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else if (c == '\\' && q == '"' && i + 1 < text.Length)
                {
                    current.Append(text[++i]);
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
