using Cpupolicy.Hooks;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// The xl domain config editor behind <c>cpupolicy apply xl</c>: it reads a config admins wrote by hand and must
/// change nothing but the <c>cpuid</c> setting.
/// </summary>
public sealed class XlConfigTarget : FuzzTarget
{
    private const string Source = "fuzz-vm.cfg";
    private const string Comment = "# cpupolicy profile `safe`\n";
    private const string Statement = "cpuid = [ \"host,avx2=0\", \"0x00000007,0:ebx=xxxxxxxxxxxxxxxxxxxxxxxxxx0xxxxx\" ]";

    public override string Name => "hook-xl-config";

    public override string Component => "compiler/Cpupolicy.Hooks/XlConfigEditor (Settings, NameOf, SetCpuid)";

    public override string Property =>
        "settings or a DiagnosticException naming the file; SetCpuid leaves every other setting's text in order and sets every cpuid to the statement";

    public override IReadOnlyList<string> Tokens => FuzzTokens.Xl;

    public override string Execute(byte[] input)
    {
        var text = XlConfigEditor.Bytes.GetString(input);
        IReadOnlyList<XlSetting> before;
        string edited;
        try
        {
            before = XlConfigEditor.Settings(text, Source);
            _ = XlConfigEditor.NameOf(text, Source);
            edited = XlConfigEditor.SetCpuid(text, Comment, Statement, Source);
        }
        catch (DiagnosticException e)
        {
            Outcome.RequireNotInternal(e.Diagnostic);
            Outcome.RequireNamesFile(e.Diagnostic, Source);
            return Outcome.Of(e.Diagnostic);
        }

        IReadOnlyList<XlSetting> after;
        try
        {
            after = XlConfigEditor.Settings(edited, Source);
        }
        catch (DiagnosticException e)
        {
            throw Violation($"the edited config no longer parses: {e.Diagnostic}\n--- edited ---\n{edited}");
        }

        var others = before.Where(s => s.Key != "cpuid").Select(s => text[s.Start..s.End]).ToList();
        var kept = after.Where(s => s.Key != "cpuid").Select(s => edited[s.Start..s.End]).ToList();
        if (!others.SequenceEqual(kept))
        {
            throw Violation($"the edit changed settings other than cpuid\n--- edited ---\n{edited}");
        }

        var cpuid = after.Where(s => s.Key == "cpuid").Select(s => edited[s.Start..s.End].Replace("\r\n", "\n", StringComparison.Ordinal)).ToList();
        if (cpuid.Count == 0 || cpuid.Any(c => c != Statement))
        {
            throw Violation($"after the edit the cpuid settings are [{string.Join(" | ", cpuid)}]");
        }

        return $"ok:{Math.Min(before.Count, 10)}:{before.Count(s => s.Key == "cpuid")}";
    }
}
