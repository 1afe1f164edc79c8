using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// FsCheck generators of well-formed libvirt domain XMLs built to trip a careless <c>&lt;cpu&gt;</c> locator:
/// attributes in both quote styles with <c>&gt;</c> and <c>/</c> inside values, comments, CDATA sections and
/// processing instructions that contain <c>&lt;cpu&gt;</c> or <c>&lt;/domain&gt;</c>, namespaced look-alikes
/// (<c>&lt;x:cpu&gt;</c>, a <c>&lt;cpu&gt;</c> deep inside metadata), name look-alikes (<c>&lt;cputune&gt;</c>,
/// <c>&lt;cpux/&gt;</c>), entity and character references, non-ASCII text, odd whitespace inside tags, LF or CRLF,
/// an XML declaration or not, and the <c>&lt;cpu&gt;</c> itself present (full, with <c>&lt;numa&gt;</c>, with
/// comments), self-closing, or absent, at any position among the children.
/// </summary>
internal static class DomainXmlGenerators
{
    private static readonly string[] Indents = ["", " ", "  ", "\t", "    ", "  \t"];

    private static readonly string[] TagSpaces = [" ", "  ", "\t", "\n    ", " \r\n\t"];

    private static readonly string[] Texts =
    [
        "plain", "ünïcödé", "主机 ✓", "a &amp; b", "&lt;cpu&gt;x&lt;/cpu&gt;", "a > b", "&#x41;&#66;", "]] >", "'\"'", "",
        "  spaced  ", "&quot;&apos;", "</ domain>".Replace("<", "&lt;", StringComparison.Ordinal),
    ];

    private static readonly string[] CommentTexts =
    [
        " note ", "<cpu mode='host-passthrough'/>", " </domain> ", "<![CDATA[ x ]]>", "<cpu>\n  <model>X</model>\n</cpu>", "ü ✓", "",
        "<?pi?>", "- a - b",
    ];

    private static readonly string[] CdataTexts = ["<cpu>", "</cpu></domain>", "&amp; raw & <", "--> <!--", "]]", "x\r\ny"];

    public static Arbitrary<GeneratedDomain> Arbitrary { get; } = Domain().ToArbitrary();

    private static Gen<string> Quote { get; } = Gen.Elements("'", "\"");

    private static Gen<string> Space { get; } = Gen.Elements(TagSpaces);

    private static Gen<string> OptionalSpace { get; } = Gen.Frequency((3, Gen.Constant(string.Empty)), (1, Space));

    private static Gen<string> Attribute(string name, Gen<string> value) =>
        from space in Space
        from q in Quote
        from v in value
        from eq in Gen.Elements("=", " = ", "\t=")
        select $"{space}{name}{eq}{q}{(q == "'" ? v.Replace("'", "&apos;", StringComparison.Ordinal) : v.Replace("\"", "&quot;", StringComparison.Ordinal))}{q}";

    private static Gen<string> Children(string nl, string indent) =>
        Gen.ListOf(Child(nl, indent)).Select(list => string.Concat(list.Take(6)));

    /// <summary>One child of &lt;domain&gt; (not the &lt;cpu&gt;), on its own line.</summary>
    private static Gen<string> Child(string nl, string indent) => Gen.OneOf(
        from t in Gen.Elements(Texts) from s in OptionalSpace select $"{nl}{indent}<title{s}>{t}</title>",
        from a in Attribute("unit", Gen.Elements("MiB", "KiB")) from s in OptionalSpace select $"{nl}{indent}<memory{a}{s}>32</memory{s}>",
        from c in Gen.Elements(CommentTexts) select $"{nl}{indent}<!--{c}-->",
        from c in Gen.Elements(CdataTexts) select $"{nl}{indent}<description><![CDATA[{c}]]></description>",
        from t in Gen.Elements("cpupolicy", "app-x") from c in Gen.Elements("data <cpu/>", "a?b", string.Empty) select $"{nl}{indent}<?{t} {c}?>",
        from a in Attribute("note", Gen.Elements("x>y", "cpu/>", "a'b", "q\"r", "/>", ">", "ü")) from b in Attribute("offset", Gen.Elements("utc")) from s in OptionalSpace
        select $"{nl}{indent}<clock{b}{a}{s}/>",
        from q in Quote select $"{nl}{indent}<x:cpu xmlns:x={q}urn:x{q}><model>Haswell</model></x:cpu>",
        from q in Quote select $"{nl}{indent}<x:cpu xmlns:x={q}urn:x{q}/>",
        Gen.Constant($"{nl}{indent}<cputune><shares>1024</shares></cputune>"),
        Gen.Constant($"{nl}{indent}<cpux/>"),
        from q in Quote select $"{nl}{indent}<metadata>{nl}{indent}{indent}<app:data xmlns:app={q}urn:app{q}><cpu mode={q}host-model{q}/><app:cpu/></app:data>{nl}{indent}</metadata>",
        from q in Quote from e in Attribute("type", Gen.Elements("pty"))
        select $"{nl}{indent}<devices>{nl}{indent}{indent}<emulator>/usr/bin/qemu-system-x86_64</emulator>{nl}{indent}{indent}<console{e}/>{nl}{indent}</devices>",
        Gen.Constant($"{nl}{indent}<features><acpi/><apic/></features>"),
        Gen.Constant($"{nl}{indent}<vcpu placement='static'>1</vcpu>"));

    /// <summary>The &lt;cpu&gt; child in one of its shapes (null: none).</summary>
    private static Gen<string?> Cpu(string nl, string indent) => Gen.Frequency(
        (2, Gen.Constant<string?>(null)),
        (1, from s in OptionalSpace select (string?)$"<cpu{s}/>"),
        (1, from m in Attribute("mode", Gen.Elements("host-passthrough", "host-model")) from s in OptionalSpace select (string?)$"<cpu{m}{s}/>"),
        (4, from m in Attribute("mode", Gen.Elements("custom"))
            from x in Attribute("match", Gen.Elements("exact", "minimum"))
            from q in Quote
            from s in OptionalSpace
            from comment in Gen.Elements(string.Empty, $"{nl}{indent}{indent}<!-- </cpu> -->")
            from numa in Gen.Elements(string.Empty, $"{nl}{indent}{indent}<numa>{nl}{indent}{indent}{indent}<cell id='0' cpus='0' memory='32' unit='MiB'/>{nl}{indent}{indent}</numa>")
            select (string?)$"<cpu{m}{x}{s}>{nl}{indent}{indent}<model fallback={q}allow{q}>Nehalem</model>{comment}{nl}{indent}{indent}<feature policy={q}require{q} name={q}avx{q}/>{numa}{nl}{indent}</cpu{s}>"));

    private static Gen<GeneratedDomain> Domain() =>
        from nl in Gen.Elements("\n", "\r\n")
        from indent in Gen.Elements(Indents)
        from declaration in Gen.Elements(string.Empty, "<?xml version='1.0' encoding='UTF-8'?>", "<?xml version=\"1.0\"?>")
        from lead in Gen.Elements(string.Empty, "<!-- domain cpupolicy -->", "<?stylesheet x?>")
        from type in Attribute("type", Gen.Elements("qemu", "kvm"))
        from ns in Gen.Elements(string.Empty, " xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'", "\n  xmlns:cpupolicy=\"https://cpupolicy.dev/xmlns/1\"")
        from rootSpace in OptionalSpace
        from number in Gen.Choose(0, 99)
        from viaMetadata in Gen.Elements(false, false, true)
        from before in Children(nl, indent)
        from cpu in Cpu(nl, indent)
        from after in Children(nl, indent)
        from tailNewline in Gen.Elements(true, false)
        from trailer in Gen.Elements(string.Empty, "\n", "\n<!-- end -->\n", "  ")
        select Build(new DomainParts(nl, indent, declaration, lead, type + ns + rootSpace, number, viaMetadata, before, cpu, after, tailNewline, trailer));

    private static GeneratedDomain Build(DomainParts p)
    {
        // The name picks the profile through the bundle's globs; via metadata it names one the globs would not pick.
        var name = p.ViaMetadata ? $"other-{p.Number}" : $"web-{p.Number}";
        var head = new StringBuilder();
        if (p.Declaration.Length > 0)
        {
            head.Append(p.Declaration).Append(p.NewLine);
        }

        if (p.Lead.Length > 0)
        {
            head.Append(p.Lead).Append(p.NewLine);
        }

        head.Append("<domain").Append(p.RootAttributes).Append('>');
        head.Append(p.NewLine).Append(p.Indent).Append("<name>").Append(name).Append("</name>");
        if (p.ViaMetadata)
        {
            head.Append(p.NewLine).Append(p.Indent)
                .Append("<metadata><cpupolicy:profile xmlns:cpupolicy='https://cpupolicy.dev/xmlns/1'>safe</cpupolicy:profile></metadata>");
        }

        head.Append(p.Before);
        int? cpuStart = null, cpuEnd = null;
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(head.ToString()));
        if (p.Cpu is not null)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(p.NewLine + p.Indent));
            cpuStart = bytes.Count;
            bytes.AddRange(Encoding.UTF8.GetBytes(p.Cpu));
            cpuEnd = bytes.Count;
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(p.After + (p.TailNewline ? p.NewLine : string.Empty)));
        var rootEnd = bytes.Count;
        bytes.AddRange(Encoding.UTF8.GetBytes("</domain>" + p.Trailer));
        return new GeneratedDomain([.. bytes], cpuStart, cpuEnd, rootEnd, name);
    }
}
