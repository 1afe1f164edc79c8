using System.Text;
using System.Xml;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Hooks;

/// <summary>
/// Reads a libvirt domain XML that may be hostile, in two passes over the raw bytes:
/// <list type="number">
/// <item>a validating <see cref="XmlReader"/> with DTDs prohibited (so no entity expansion and no external entities),
/// no resolver and a depth limit proves the document well-formed and reads the name and the metadata profile;</item>
/// <item>a byte scanner that knows comments, CDATA, processing instructions and quoted attribute values finds the
/// exact byte range of the <c>&lt;cpu&gt;</c> child of <c>&lt;domain&gt;</c> and the start of <c>&lt;/domain&gt;</c>.</item>
/// </list>
/// The rewrite then splices bytes (<see cref="CpuSplice"/>) and never re-serialises, so nothing outside
/// <c>&lt;cpu&gt;</c> can change. The passes must agree on how many <c>&lt;cpu&gt;</c> children there are; if they
/// do not, the document is refused rather than guessed at. Scanning bytes is safe for UTF-8 and every other
/// ASCII-compatible encoding, because no multi-byte sequence contains an ASCII byte; UTF-16/32 are refused.
/// </summary>
public static class DomainXmlScanner
{
    /// <summary>The namespace of <c>&lt;cpupolicy:profile&gt;NAME&lt;/cpupolicy:profile&gt;</c> inside <c>&lt;metadata&gt;</c>.</summary>
    public const string MetadataNamespace = "https://cpupolicy.dev/xmlns/1";

    /// <summary>A libvirt domain is about 8 levels deep; far deeper nesting is an attack on the reader, not a VM.</summary>
    public const int MaxDepth = 256;

    /// <summary>No real <c>&lt;cpu&gt;</c> comes near this (a few KiB with every feature listed).</summary>
    public const int MaxCpuBytes = 1 << 20;

    public static DomainXml Scan(byte[] bytes, string source)
    {
        if (bytes.Length == 0)
        {
            throw Rejected(source, "standard input is empty, not a domain XML");
        }

        if (bytes.AsSpan().IndexOf((byte)0) >= 0)
        {
            throw Rejected(source, "the input has NUL bytes: binary data or UTF-16, not the UTF-8 XML libvirt writes");
        }

        var (name, profile, cpuCount) = Validate(bytes, source);
        var scan = Locate(bytes, source);
        if (scan.CpuCount != cpuCount)
        {
            throw Rejected(source, $"the XML parser sees {cpuCount} <cpu> element(s) under <domain> but the byte scanner sees {scan.CpuCount}; refusing to guess");
        }

        if (cpuCount > 1)
        {
            throw Rejected(source, $"<domain> has {cpuCount} <cpu> elements; libvirt allows one");
        }

        string? cpuText = null;
        if (scan.Cpu is { } cpu)
        {
            if (cpu.Length > MaxCpuBytes)
            {
                throw Rejected(source, $"the <cpu> element is {cpu.Length} bytes long; no real one is");
            }

            cpuText = Encoding.UTF8.GetString(bytes, cpu.Start, cpu.Length);
        }

        return new DomainXml(name, profile, scan.Cpu, scan.RootEndTag, scan.CpuIndent, scan.ChildIndent ?? "  ",
            bytes.AsSpan().IndexOf("\r\n"u8) >= 0 ? "\r\n" : "\n", cpuText)
        {
            Children = scan.Children,
        };
    }

    private static (string? Name, string? Profile, int CpuCount) Validate(byte[] bytes, string source)
    {
        var settings = SafeXml.Settings(bytes.LongLength + 1024, 1024, ignoreComments: true);
        settings.IgnoreWhitespace = true;
        string? name = null, profile = null;
        var cpuCount = 0;
        var inMetadata = false;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            var advanced = false;
            while (advanced || reader.Read())
            {
                advanced = false;
                if (reader.NodeType != XmlNodeType.Element)
                {
                    if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == 1 && reader.Name == "metadata")
                    {
                        inMetadata = false;
                    }

                    continue;
                }

                if (reader.Depth > MaxDepth)
                {
                    throw Rejected(source, $"the XML is nested more than {MaxDepth} levels deep; a domain XML is about 8");
                }

                if (reader.Depth == 0 && reader.Name != "domain")
                {
                    throw Rejected(source, $"the root element is <{HookText.Clean(reader.Name)}>, not <domain>");
                }

                if (reader.Depth == 1)
                {
                    switch (reader.Name)
                    {
                        case "cpu":
                            cpuCount++;
                            break;
                        case "name" when name is null:
                            name = reader.ReadElementContentAsString().Trim();
                            advanced = true;
                            break;
                        case "metadata":
                            inMetadata = !reader.IsEmptyElement;
                            break;
                    }
                }
                else if (reader.Depth == 2 && inMetadata && reader.LocalName == "profile" && reader.NamespaceURI == MetadataNamespace)
                {
                    // Read the element even when a profile is already known: `advanced` promises the reader moved on, and a
                    // second <cpupolicy:profile> left unread looped here forever (found by the fuzzer: the hook hung).
                    var value = reader.ReadElementContentAsString().Trim();
                    profile ??= value;
                    advanced = true;
                }
            }
        }
        catch (XmlException e)
        {
            var dtd = e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase);
            throw Rejected(source, dtd
                ? $"the XML has a DTD (line {e.LineNumber}); DTDs and entities are refused, libvirt never writes them"
                : $"not well-formed XML: {HookText.Clean(e.Message)}");
        }

        return (name, profile, cpuCount);
    }

    private static (int CpuCount, ByteSpan? Cpu, int RootEndTag, string? CpuIndent, string? ChildIndent, IReadOnlyList<DomainElement> Children) Locate(byte[] bytes, string source)
    {
        var text = bytes.AsSpan();
        var depth = 0;
        var i = 0;
        var cpuCount = 0;
        ByteSpan? cpu = null;
        string? cpuIndent = null, childIndent = null;
        var rootEnd = -1;
        var children = new List<DomainElement>();

        // The open child of <domain> (depth 1) and its own children so far: an element is recorded when it ends.
        (int Start, string Name, string? Indent)? child = null;
        List<DomainElement>? grandchildren = null;
        (int Start, string Name, string? Indent)? grandchild = null;
        while (i < text.Length)
        {
            var lt = text[i..].IndexOf((byte)'<');
            if (lt < 0)
            {
                break;
            }

            i += lt;
            var rest = text[i..];
            if (rest.StartsWith("<!--"u8))
            {
                i = Skip(text, i + 4, "-->"u8, source);
            }
            else if (rest.StartsWith("<![CDATA["u8))
            {
                i = Skip(text, i + 9, "]]>"u8, source);
            }
            else if (rest.StartsWith("<?"u8))
            {
                i = Skip(text, i + 2, "?>"u8, source);
            }
            else if (rest.StartsWith("<!"u8))
            {
                throw Rejected(source, "a <! declaration outside a comment or CDATA section");
            }
            else if (rest.StartsWith("</"u8))
            {
                var close = Skip(text, i + 2, ">"u8, source);
                depth--;
                if (depth == 2 && grandchild is { } g)
                {
                    grandchildren!.Add(new DomainElement(g.Name, new ByteSpan(g.Start, close), i, g.Indent, []));
                    grandchild = null;
                }
                else if (depth == 1 && child is { } c)
                {
                    var element = new DomainElement(c.Name, new ByteSpan(c.Start, close), i, c.Indent, grandchildren!);
                    children.Add(element);
                    cpu = c.Name == "cpu" ? element.Span : cpu;
                    child = null;
                }
                else if (depth == 0)
                {
                    rootEnd = i;
                }

                i = close;
            }
            else
            {
                var (end, selfClosing, nameEnd) = StartTag(text, i, source);
                if (depth is 1 or 2)
                {
                    var name = Encoding.UTF8.GetString(text[(i + 1)..nameEnd]);
                    var indent = IndentBefore(text, i);
                    if (depth == 1)
                    {
                        childIndent = indent ?? childIndent;
                        if (name == "cpu")
                        {
                            cpuCount++;
                            cpuIndent = indent;
                        }

                        if (selfClosing)
                        {
                            var element = new DomainElement(name, new ByteSpan(i, end), null, indent, []);
                            children.Add(element);
                            cpu = name == "cpu" ? element.Span : cpu;
                        }
                        else
                        {
                            child = (i, name, indent);
                            grandchildren = [];
                        }
                    }
                    else if (selfClosing)
                    {
                        grandchildren!.Add(new DomainElement(name, new ByteSpan(i, end), null, indent, []));
                    }
                    else
                    {
                        grandchild = (i, name, indent);
                    }
                }

                if (!selfClosing)
                {
                    depth++;
                }

                i = end;
            }
        }

        if (rootEnd < 0 || depth != 0)
        {
            throw Rejected(source, "cannot find the end tag </domain>");
        }

        return (cpuCount, cpuCount == 1 ? cpu : null, rootEnd, cpuIndent, childIndent, children);
    }

    /// <summary>Reads a start tag from its <c>&lt;</c>: where it ends (after <c>&gt;</c>), whether it is <c>/&gt;</c>, where its name ends.</summary>
    private static (int End, bool SelfClosing, int NameEnd) StartTag(ReadOnlySpan<byte> text, int lt, string source)
    {
        var j = lt + 1;
        while (j < text.Length && !IsSpace(text[j]) && text[j] is not (byte)'>' and not (byte)'/')
        {
            j++;
        }

        var nameEnd = j;
        while (j < text.Length)
        {
            var c = text[j];
            if (c is (byte)'"' or (byte)'\'')
            {
                var q = text[(j + 1)..].IndexOf(c);
                if (q < 0)
                {
                    break;
                }

                j += q + 2;
            }
            else if (c == '>')
            {
                return (j + 1, false, nameEnd);
            }
            else if (c == '/' && j + 1 < text.Length && text[j + 1] == '>')
            {
                return (j + 2, true, nameEnd);
            }
            else
            {
                j++;
            }
        }

        throw Rejected(source, "a start tag is not closed");
    }

    /// <summary>The spaces and tabs between the previous newline and <paramref name="lt"/>, or null when something else is on the line before it.</summary>
    private static string? IndentBefore(ReadOnlySpan<byte> text, int lt)
    {
        var k = lt;
        while (k > 0 && text[k - 1] is (byte)' ' or (byte)'\t')
        {
            k--;
        }

        return k > 0 && text[k - 1] == '\n' ? Encoding.ASCII.GetString(text[k..lt]) : null;
    }

    private static int Skip(ReadOnlySpan<byte> text, int from, ReadOnlySpan<byte> terminator, string source)
    {
        var at = text[from..].IndexOf(terminator);
        return at < 0 ? throw Rejected(source, "a comment, CDATA section, instruction or tag is not closed") : from + at + terminator.Length;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static DiagnosticException Rejected(string source, string message) =>
        new(DiagnosticCatalog.DomainXmlRejected.Create(SourceSpan.WholeFile(source), message, "the hook reads the domain XML libvirt writes on stdin"));
}
