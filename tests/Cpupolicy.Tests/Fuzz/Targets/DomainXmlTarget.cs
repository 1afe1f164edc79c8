using Cpupolicy.Hooks;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>The hooks' domain XML handling: the two-pass scanner and the byte splice of <c>&lt;cpu&gt;</c>.</summary>
public sealed class DomainXmlTarget : FuzzTarget
{
    private const string Source = "fuzz-domain.xml";

    private const string Cpu = "<cpu mode='custom' match='exact' check='full'>\n  <model fallback='forbid'>Haswell-v2</model>\n  <feature policy='require' name='avx2'/>\n</cpu>";

    public override string Name => "hook-domain-xml";

    public override string Component => "compiler/Cpupolicy.Hooks/DomainXmlScanner.Scan + CpuSplice.Apply";

    public override string Property =>
        "DomainXml or a DiagnosticException naming the input; the splice keeps every byte outside the old <cpu> and rescans to the new <cpu>, same name";

    public override IReadOnlyList<string> Tokens => FuzzTokens.Xml;

    public override string Execute(byte[] input)
    {
        DomainXml xml;
        try
        {
            xml = DomainXmlScanner.Scan(input, Source);
        }
        catch (DiagnosticException e)
        {
            Outcome.RequireNotInternal(e.Diagnostic);
            Outcome.RequireNamesFile(e.Diagnostic, Source);
            return Outcome.Of(e.Diagnostic);
        }

        var output = CpuSplice.Apply(input, xml, Cpu);
        SpliceCheck.Preserves(input, xml, output, Cpu);
        return $"ok:{(xml.Cpu is null ? "no cpu" : "cpu")}:{(xml.Name is null ? "no name" : "name")}:{(xml.MetadataProfile is null ? "-" : "meta")}:{xml.NewLine.Length}";
    }
}
