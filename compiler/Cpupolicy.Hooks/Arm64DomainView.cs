using System.Xml;
using System.Xml.Linq;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Hooks;

/// <summary>
/// An aarch64 domain XML seen twice: as the byte scanner located it (<see cref="DomainXml"/>: where each child is,
/// to splice) and as an XML tree (what each child means: namespaces, attribute values). Each child of
/// <c>&lt;domain&gt;</c>, and each child of those, is paired with its tree element by position; the two readings
/// must agree on how many there are and what they are called, or the domain is refused rather than guessed at (the
/// same rule <see cref="DomainXmlScanner"/> applies to <c>&lt;cpu&gt;</c>).
/// </summary>
public sealed class Arm64DomainView
{
    private Arm64DomainView(DomainXml xml, XDocument document, IReadOnlyList<(DomainElement Bytes, XElement Tree)> children)
    {
        Xml = xml;
        Document = document;
        Children = children;
    }

    public DomainXml Xml { get; }

    public XDocument Document { get; }

    /// <summary>The children of <c>&lt;domain&gt;</c>, each as located and as parsed.</summary>
    public IReadOnlyList<(DomainElement Bytes, XElement Tree)> Children { get; }

    /// <summary>The children of <paramref name="child"/>, each as located and as parsed (their counts agree).</summary>
    public static IEnumerable<(DomainElement Bytes, XElement Tree)> ChildrenOf((DomainElement Bytes, XElement Tree) child) =>
        child.Bytes.Children.Zip(child.Tree.Elements());

    public static Arm64DomainView Read(byte[] bytes, DomainXml xml, string source)
    {
        XDocument document;
        try
        {
            var settings = SafeXml.Settings(bytes.LongLength + 1024, 1024, ignoreComments: true);
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw Rejected(source, $"not well-formed XML: {HookText.Clean(e.Message)}");
        }

        var trees = document.Root!.Elements().ToList();
        if (trees.Count != xml.Children.Count)
        {
            throw Rejected(source, $"the XML parser sees {trees.Count} children of <domain> but the byte scanner sees {xml.Children.Count}; refusing to guess");
        }

        var pairs = xml.Children.Zip(trees).ToList();
        foreach (var (located, tree) in pairs)
        {
            if (located.LocalName != tree.Name.LocalName || located.Children.Count != tree.Elements().Count()
                || located.Children.Zip(tree.Elements()).Any(p => p.First.LocalName != p.Second.Name.LocalName))
            {
                throw Rejected(source, $"the XML parser and the byte scanner disagree about <{HookText.Clean(located.Name)}>; refusing to guess");
            }
        }

        return new Arm64DomainView(xml, document, pairs);
    }

    private static DiagnosticException Rejected(string source, string message) =>
        new(DiagnosticCatalog.DomainXmlRejected.Create(SourceSpan.WholeFile(source), message, "the hook reads the domain XML libvirt writes on stdin"));
}
