using Cpupolicy.Hooks;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// The hooks' promise about a rewritten domain XML: every byte outside the old <c>&lt;cpu&gt;</c> element is kept,
/// and the result is a domain XML the scanner reads back, with the new <c>&lt;cpu&gt;</c> and the same name.
/// </summary>
public static partial class SpliceCheck
{
    public static void Preserves(byte[] input, DomainXml xml, byte[] output, string? expectedCpu)
    {
        var prefix = 0;
        var max = Math.Min(input.Length, output.Length);
        while (prefix < max && input[prefix] == output[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < max - prefix && input[^(suffix + 1)] == output[^(suffix + 1)])
        {
            suffix++;
        }

        // The bytes of the input that did not survive must all lie inside its <cpu> element.
        var lostStart = prefix;
        var lostEnd = input.Length - suffix;
        if (lostEnd > lostStart && (xml.Cpu is not { } cpu || lostStart < cpu.Start || lostEnd > cpu.End))
        {
            throw new FuzzPropertyException(
                $"the rewrite changed bytes {lostStart}..{lostEnd} of the input, outside its <cpu> element ({(xml.Cpu is { } c ? $"{c.Start}..{c.End}" : "none")})");
        }

        DomainXml again;
        try
        {
            again = DomainXmlScanner.Scan(output, "rewritten");
        }
        catch (Cpupolicy.Core.Diagnostics.DiagnosticException e)
        {
            throw new FuzzPropertyException($"the rewritten domain XML is rejected by the scanner: {e.Diagnostic}");
        }

        if (again.Name != xml.Name || again.MetadataProfile != xml.MetadataProfile)
        {
            throw new FuzzPropertyException($"the rewrite changed the VM's name or metadata profile: `{xml.Name}` -> `{again.Name}`");
        }

        // The splice indents the element like its siblings and uses the document's newlines: compare line contents.
        if (expectedCpu is not null && Lines(again.CpuText) != Lines(expectedCpu))
        {
            throw new FuzzPropertyException($"the rewritten XML's <cpu> is not the profile's:\n{again.CpuText}");
        }
    }

    /// <summary>The element with the whitespace between its tags dropped (the splice indents it, or keeps a one-line document on one line).</summary>
    private static string Lines(string? text) => BetweenTags().Replace(text ?? string.Empty, "><").Trim();

    [System.Text.RegularExpressions.GeneratedRegex(@">\s+<")]
    private static partial System.Text.RegularExpressions.Regex BetweenTags();
}
