using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Inventory;

/// <summary>
/// Every prefix of real inventory files (cut at each line end and in the middle of each line) either reads or fails
/// with a coded diagnostic: no reader ever crashes on a file cut short by a full disk or a dropped connection.
/// </summary>
public class TruncationTests
{
    [Theory]
    [InlineData("samples/spr-vm.cpuid-r.txt")]
    [InlineData("samples/spr-vm.proc-cpuinfo.txt")]
    [InlineData("samples/spr-vm.virsh-capabilities.xml")]
    [InlineData("libvirt-11.3.0/cputestdata/x86_64-cpuid-Ice-Lake-Server.xml")]
    [InlineData("libvirt-11.3.0/cputestdata/x86_64-cpuid-Ice-Lake-Server-host.xml")]
    public void Every_prefix_reads_or_fails_with_a_diagnostic(string relative)
    {
        var text = File.ReadAllText(RepoData.Require(relative));
        var cuts = new SortedSet<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                cuts.Add(i);
                cuts.Add(i + 1);
            }
        }

        var lineStart = 0;
        foreach (var end in cuts.Where(c => text[Math.Max(0, c - 1)] == '\n').ToList())
        {
            cuts.Add((lineStart + end) / 2);
            lineStart = end;
        }

        foreach (var cut in cuts)
        {
            var prefix = text[..cut];
            try
            {
                InventoryReader.Parse(prefix, "cut.txt");
            }
            catch (DiagnosticException e)
            {
                Assert.StartsWith("CP04", e.Diagnostic.Code, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_cpuid_dump_cut_inside_a_value_is_an_error_not_a_smaller_cpu()
    {
        var text = File.ReadAllText(RepoData.Require("samples/spr-vm.cpuid-r.txt"));
        var cut = text.IndexOf("edx=0x1f8bfbff", StringComparison.Ordinal) + "edx=0x1f8b".Length;
        var e = Assert.Throws<DiagnosticException>(() => InventoryReader.Parse(text[..cut], "cut.txt"));
        Assert.Equal("CP0402", e.Diagnostic.Code);
        Assert.Equal(3, e.Diagnostic.Span.Line);
    }
}
