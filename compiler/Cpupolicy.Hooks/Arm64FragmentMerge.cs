using System.Xml.Linq;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Hooks;

/// <summary>
/// Writes a profile's aarch64 fragment (<see cref="Arm64DomainFragment"/>) into a domain XML as byte edits
/// (<see cref="ByteEdit"/>), so that nothing else changes:
/// <list type="bullet">
/// <item><c>&lt;cpu&gt;</c> is replaced (or added) as for x86 (<see cref="CpuSplice"/>);</item>
/// <item>the <c>&lt;pmu&gt;</c> of <c>&lt;features&gt;</c> becomes the profile's: replaced when its state differs,
/// added (with a <c>&lt;features&gt;</c> when there is none), or removed when the profile leaves the PMU alone;</item>
/// <item>in <c>&lt;qemu:commandline&gt;</c>, every argument pair that sets the CPU (<c>-global *-arm-cpu.*</c>,
/// <c>-cpu</c>) is removed and the profile's are added at the end of the first such element (a new one, declaring
/// its namespace, when there is none); arguments that set anything else stay where they are. When the domain's CPU
/// arguments already are the profile's, in order, they are left as written.</item>
/// </list>
/// Every other byte, <c>&lt;os&gt;</c> included, is copied. A second merge of the output changes nothing.
/// </summary>
public static class Arm64FragmentMerge
{
    /// <summary>
    /// The merge, checked: the output must read back as a domain whose CPU is the profile's
    /// (<see cref="Arm64DomainChecker"/>), or nothing is written and CP0626 says why (the domain is not aarch64, or
    /// something the merge does not touch still sets the CPU, such as a last <c>-cpu</c> argument without its value).
    /// </summary>
    public static byte[] ApplyChecked(byte[] document, DomainXml xml, Arm64DomainFragment fragment, string qemuRelease, string bundlePath, string source)
    {
        var view = Arm64DomainView.Read(document, xml, source);
        if (!Arm64LibvirtCpu.IsArm64(view.Document))
        {
            throw CannotMerge(source, "it is not an aarch64 domain (<os><type arch='aarch64'>)");
        }

        var output = Apply(document, view, fragment);
        CpuComparison verdict;
        try
        {
            var again = DomainXmlScanner.Scan(output, source);
            verdict = Arm64DomainChecker.Compare(Arm64DomainView.Read(output, again, source).Document, fragment, qemuRelease, bundlePath, source);
        }
        catch (DiagnosticException e)
        {
            throw CannotMerge(source, $"the merged XML does not read back: {HookText.Clean(e.Diagnostic.Message)}");
        }

        return verdict.Matches ? output : throw CannotMerge(source, $"after the merge {verdict.Describe()}");
    }

    private static DiagnosticException CannotMerge(string source, string why) =>
        new(DiagnosticCatalog.HookCannotMergeFragment.Create(
            SourceSpan.WholeFile(source),
            $"the profile's aarch64 fragment cannot be merged into {source}: {why}",
            "merge the profile's .libvirt.xml into the domain by hand (`virsh edit`), and remove any other <qemu:commandline> argument that sets the CPU"));

    private static byte[] Apply(byte[] document, Arm64DomainView view, Arm64DomainFragment fragment)
    {
        var xml = view.Xml;
        var edits = new List<ByteEdit>();
        edits.AddRange(PmuEdits(document, view, fragment));
        edits.Add(CpuSplice.Edit(document, xml, fragment.Cpu));
        edits.AddRange(ArgumentEdits(document, view, fragment));
        return ByteEdit.Apply(document, edits);
    }

    private static IEnumerable<ByteEdit> PmuEdits(byte[] document, Arm64DomainView view, Arm64DomainFragment fragment)
    {
        var xml = view.Xml;
        var features = view.Children.Where(c => c.Tree.Name == "features").ToList();
        var pmus = features.SelectMany(Arm64DomainView.ChildrenOf).Where(c => c.Tree.Name == "pmu").ToList();
        var wanted = fragment.Pmu is null ? null : XElement.Parse(fragment.Pmu);
        if (pmus.Count > 0)
        {
            var first = pmus[0];
            var keep = wanted is not null && (string?)first.Tree.Attribute("state") == (string?)wanted.Attribute("state") && !first.Tree.HasElements;
            if (!keep)
            {
                yield return wanted is null
                    ? CpuSplice.Remove(document, first.Bytes.Span)
                    : new ByteEdit(first.Bytes.Span.Start, first.Bytes.Span.End, fragment.Pmu!);
            }

            // libvirt would take the last <pmu>: one is left, the profile's.
            foreach (var extra in pmus.Skip(1))
            {
                yield return CpuSplice.Remove(document, extra.Bytes.Span);
            }

            yield break;
        }

        if (fragment.Pmu is null)
        {
            yield break;
        }

        if (features.Count == 0)
        {
            yield return CpuSplice.InsertChild(document, xml.RootEndTag, xml.ChildIndent, xml.NewLine, $"<features>\n{xml.ChildIndent}{fragment.Pmu}\n</features>");
            yield break;
        }

        yield return AddChild(document, xml, features[0].Bytes, fragment.Pmu);
    }

    private static IEnumerable<ByteEdit> ArgumentEdits(byte[] document, Arm64DomainView view, Arm64DomainFragment fragment)
    {
        var xml = view.Xml;
        XNamespace q = Arm64LibvirtCpu.QemuNamespace;
        var lines = view.Children.Where(c => c.Tree.Name == q + "commandline").ToList();
        var args = lines.SelectMany(Arm64DomainView.ChildrenOf).Where(a => a.Tree.Name == q + "arg").ToList();
        var values = args.Select(a => (string?)a.Tree.Attribute("value") ?? string.Empty).ToList();
        var cpuArgs = new List<int>();
        for (var i = 0; i + 1 < values.Count; i++)
        {
            if (values[i] is "-cpu" or "--cpu" || (values[i] is "-global" or "--global" && Arm64LibvirtCpu.SetsCpu(values[i + 1])))
            {
                cpuArgs.Add(i);
                cpuArgs.Add(++i);
            }
        }

        if (cpuArgs.Select(i => values[i]).SequenceEqual(fragment.Args, StringComparer.Ordinal))
        {
            yield break;
        }

        foreach (var i in cpuArgs)
        {
            yield return CpuSplice.Remove(document, args[i].Bytes.Span);
        }

        if (fragment.Args.Count == 0)
        {
            yield break;
        }

        if (lines.Count == 0)
        {
            var element = $"<qemu:commandline xmlns:qemu=\"{Arm64LibvirtCpu.QemuNamespace}\">\n"
                + string.Concat(fragment.Args.Select(v => $"{xml.ChildIndent}{Arg("qemu", v)}\n")) + "</qemu:commandline>";
            yield return CpuSplice.InsertChild(document, xml.RootEndTag, xml.ChildIndent, xml.NewLine, element);
            yield break;
        }

        var prefix = lines[0].Bytes.Prefix;
        yield return AddChild(document, xml, lines[0].Bytes, string.Join("\n", fragment.Args.Select(v => Arg(prefix, v))));
    }

    /// <summary>
    /// The edit that adds <paramref name="element"/> (one or more lines) as the last children of <paramref name="parent"/>,
    /// indented like its other children (or one step deeper than it); a self-closing parent is opened.
    /// </summary>
    private static ByteEdit AddChild(byte[] document, DomainXml xml, DomainElement parent, string element)
    {
        var indent = parent.Children.Select(c => c.Indent).FirstOrDefault(i => i is not null) ?? (parent.Indent ?? string.Empty) + xml.ChildIndent;
        if (parent.EndTag is { } endTag)
        {
            return CpuSplice.InsertChild(document, endTag, indent, xml.NewLine, element);
        }

        var startTag = System.Text.Encoding.UTF8.GetString(document, parent.Span.Start, parent.Span.Length - 2).TrimEnd();
        var opened = CpuSplice.IsSingleLine(document)
            ? $"{startTag}>{CpuSplice.Render(element, string.Empty, xml.NewLine, flatten: true)}</{parent.Name}>"
            : $"{startTag}>{xml.NewLine}{indent}{CpuSplice.Render(element, indent, xml.NewLine, flatten: false)}{xml.NewLine}{parent.Indent ?? string.Empty}</{parent.Name}>";
        return new ByteEdit(parent.Span.Start, parent.Span.End, opened);
    }

    private static string Arg(string prefix, string value) =>
        $"<{(prefix.Length > 0 ? prefix + ":" : string.Empty)}arg {new XAttribute("value", value)} />";
}
