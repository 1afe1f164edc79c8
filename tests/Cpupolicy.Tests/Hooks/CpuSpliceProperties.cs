using System.Text;
using System.Xml;
using System.Xml.Linq;
using Cpupolicy.Hooks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// The laws of the libvirt migrate/restore rewrite, each on <see cref="Cases"/> generated domain XMLs
/// (<see cref="DomainXmlGenerators"/>), through the real hook (<see cref="LibvirtHook"/>, bundle compiled from
/// <see cref="HookPolicy"/>):
/// <list type="table">
/// <item><term>only &lt;cpu&gt; changes</term><description>the output is the input's bytes before the generator's
/// &lt;cpu&gt; span, the profile's element, and the input's bytes after it, byte for byte; without a &lt;cpu&gt;, the
/// input with the element inserted between its last child and &lt;/domain&gt;</description></item>
/// <item><term>well-formed</term><description>the output parses, and its one &lt;cpu&gt; is the profile's</description></item>
/// <item><term>closed</term><description>the prepare gate accepts the output; rewriting it again changes nothing</description></item>
/// </list>
/// </summary>
public sealed class CpuSpliceProperties : IDisposable
{
    private const int Cases = 1000;

    private readonly HookSandbox sandbox = new();

    private readonly string expectedCpu = XElement.Parse(HookPolicy.CpuElement("safe")).ToString(SaveOptions.DisableFormatting);

    [Property(MaxTest = Cases)]
    public Property The_migrate_rewrite_changes_nothing_but_the_cpu_element() =>
        Prop.ForAll(DomainXmlGenerators.Arbitrary, doc =>
        {
            var outcome = sandbox.Libvirt(doc.Name, "migrate", new MemoryStream(doc.Bytes));
            Assert.True(outcome.ExitCode == 0 && outcome.Output is not null, $"{outcome.Line}\n---\n{doc.Text}");
            var output = outcome.Output!;
            byte[] middle;
            if (doc.CpuStart is { } start && doc.CpuEnd is { } end)
            {
                var suffixLength = doc.Bytes.Length - end;
                Assert.True(output.Length >= start + suffixLength, doc.Text);
                Assert.True(output.AsSpan(0, start).SequenceEqual(doc.Bytes.AsSpan(0, start)), $"the bytes before <cpu> changed\n{doc.Text}");
                Assert.True(output.AsSpan(output.Length - suffixLength).SequenceEqual(doc.Bytes.AsSpan(end)), $"the bytes after </cpu> changed\n{doc.Text}");
                middle = output[start..(output.Length - suffixLength)];
                var replaced = Encoding.UTF8.GetString(middle);
                Assert.True(replaced.StartsWith("<cpu", StringComparison.Ordinal) && replaced.EndsWith("</cpu>", StringComparison.Ordinal), replaced);
                Assert.Equal(expectedCpu, Normalise(replaced));
            }
            else
            {
                var grown = output.Length - doc.Bytes.Length;
                var at = Math.Min(CommonPrefix(output, doc.Bytes), doc.RootEnd);
                Assert.True(output.AsSpan(at + grown).SequenceEqual(doc.Bytes.AsSpan(at)), $"the bytes after the insertion changed\n{doc.Text}");
                Assert.True(doc.Bytes.AsSpan(at, doc.RootEnd - at).Trim(" \t\r\n"u8).IsEmpty, $"inserted before the last child ended\n{doc.Text}");
                middle = output[at..(at + grown)];
                var inserted = Encoding.UTF8.GetString(middle);
                Assert.Equal(expectedCpu, Normalise(inserted.Trim()));
            }

            var text = Encoding.UTF8.GetString(output);
            Assert.Equal(1, CountCpuChildren(text));
            var gate = sandbox.Libvirt(doc.Name, "prepare", new MemoryStream(output));
            Assert.True(gate.ExitCode == 0 && gate.Level == HookLogLevel.Info, gate.Line);
            var again = sandbox.Libvirt(doc.Name, "migrate", new MemoryStream(output));
            Assert.Equal(output, again.Output);
        });

    [Fact]
    public void The_generator_makes_every_shape_often()
    {
        // The property above is only as good as its inputs: every shape must come up in a sample of its size. A fixed
        // seed: a random one made this a flaky test (one rare shape missed one run in a fresh-clone CI run).
        // FsCheck's Sample takes (count, seed, size): this was (20, seed, Cases), 20 documents of size 1000, not the
        // property's 1000 documents.
        var sample = Gen.Sample(DomainXmlGenerators.Arbitrary.Generator, Cases, new Rnd(20261203UL), 20);
        Assert.Contains(sample, d => d.CpuStart is null);
        // A self-closing <cpu/> without attributes (whitespace before `/>` allowed).
        Assert.Contains(sample, d => d.CpuStart is { } at && System.Text.RegularExpressions.Regex.IsMatch(Encoding.UTF8.GetString(d.Bytes, at, Math.Min(16, d.Bytes.Length - at)), @"^<cpu\s*/>"));
        Assert.Contains(sample, d => d.Text.Contains("<numa>", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Text.Contains("\r\n", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Text.Contains("<![CDATA[", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Text.Contains("<!--", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Text.Contains("<x:cpu", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Text.Contains("cpupolicy:profile", StringComparison.Ordinal));
        // Both quote styles of the mode attribute (the `=` may carry spaces, so match the quoted value).
        Assert.Contains(sample, d => d.Text.Contains("\"custom\"", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Text.Contains("'custom'", StringComparison.Ordinal));
        Assert.Contains(sample, d => d.Text.Contains('ü', StringComparison.Ordinal));
    }

    public void Dispose() => sandbox.Dispose();

    private static string Normalise(string element) => XElement.Parse(element).ToString(SaveOptions.DisableFormatting);

    private static int CommonPrefix(byte[] a, byte[] b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return n;
    }

    private static int CountCpuChildren(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        var count = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.Name == "cpu")
            {
                count++;
            }
        }

        return count;
    }
}
