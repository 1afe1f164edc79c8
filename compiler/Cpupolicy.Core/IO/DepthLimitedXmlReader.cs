using System.Xml;

namespace Cpupolicy.Core.IO;

/// <summary>
/// An <see cref="XmlReader"/> that forwards to another and stops at the first node nested deeper than a limit, so
/// the nesting check runs in the same pass that builds the tree (<see cref="System.Xml.Linq.XDocument.Load(XmlReader, System.Xml.Linq.LoadOptions)"/>
/// reads through it) instead of a streaming pass before it: one parse per file is what lets <c>baseline</c> of a
/// thousand host files keep up with <c>virsh cpu-baseline</c> (bench/RESULTS.md, native). The tree is never deeper
/// than the limit, because the reader refuses before handing the deeper node out.
/// </summary>
internal sealed class DepthLimitedXmlReader(XmlReader inner, int maxDepth, Action<XmlReader> tooDeep) : XmlReader, IXmlLineInfo
{
    public override int AttributeCount => inner.AttributeCount;

    public override string BaseURI => inner.BaseURI;

    public override int Depth => inner.Depth;

    public override bool EOF => inner.EOF;

    public override bool IsEmptyElement => inner.IsEmptyElement;

    public override string LocalName => inner.LocalName;

    public override string NamespaceURI => inner.NamespaceURI;

    public override XmlNameTable NameTable => inner.NameTable;

    public override XmlNodeType NodeType => inner.NodeType;

    public override string Prefix => inner.Prefix;

    public override ReadState ReadState => inner.ReadState;

    public override string Value => inner.Value;

    public override XmlReaderSettings? Settings => inner.Settings;

    public int LineNumber => ((IXmlLineInfo)inner).LineNumber;

    public int LinePosition => ((IXmlLineInfo)inner).LinePosition;

    public bool HasLineInfo() => inner is IXmlLineInfo info && info.HasLineInfo();

    public override bool Read()
    {
        if (!inner.Read())
        {
            return false;
        }

        if (inner.Depth > maxDepth)
        {
            // tooDeep throws (a coded diagnostic at this node's line and column).
            tooDeep(inner);
        }

        return true;
    }

    public override string GetAttribute(int i) => inner.GetAttribute(i);

    public override string? GetAttribute(string name) => inner.GetAttribute(name);

    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);

    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);

    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);

    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);

    public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);

    public override bool MoveToElement() => inner.MoveToElement();

    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();

    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();

    public override bool ReadAttributeValue() => inner.ReadAttributeValue();

    public override void ResolveEntity() => inner.ResolveEntity();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
