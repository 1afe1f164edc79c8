using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// An inventory reader: <see cref="InventoryReader.Parse"/> (format detection, then the reader) or one format's
/// reader called directly, so each reader also sees inputs that detection would send elsewhere. A host read
/// successfully then goes through the host report (<c>cpupolicy host</c>'s model choice).
/// </summary>
public sealed class InventoryTarget(
    string name,
    string component,
    Func<string, string, InventoryOptions, HostCapability> read,
    IReadOnlyList<string> tokens,
    Func<FuzzPaths, IEnumerable<string>> seeds) : FuzzTarget
{
    private const string Source = "fuzz-inventory";

    public override string Name => name;

    public override string Component => component;

    public override string Property =>
        "HostCapability or a CP04xx/CP10xx DiagnosticException naming the file, nothing else; features within Knowable; the host report never throws";

    public override IReadOnlyList<string> Tokens => [.. tokens, .. FuzzTokens.Features.Take(40)];

    public override IEnumerable<string> ExternalSeeds(FuzzPaths paths) => seeds(paths);

    public override string Execute(byte[] input)
    {
        HostCapability host;
        try
        {
            host = read(Text(input), Source, InventoryOptions.Default);
        }
        catch (DiagnosticException e)
        {
            Outcome.RequireNotInternal(e.Diagnostic);
            Outcome.RequireNamesFile(e.Diagnostic, Source);
            // CP04xx: the inventory stage; CP10xx: the aarch64 readers (their range, docs/policy-language.md).
            if (!e.Diagnostic.Code.StartsWith("CP04", StringComparison.Ordinal) && !e.Diagnostic.Code.StartsWith("CP10", StringComparison.Ordinal))
            {
                throw Violation($"an inventory reader reported {e.Diagnostic.Code}, not a CP04xx or CP10xx diagnostic: {e.Diagnostic}");
            }

            return Outcome.Of(e.Diagnostic);
        }

        if (host.SourcePath != Source)
        {
            throw Violation($"the host says it was read from `{host.SourcePath}`");
        }

        if (!(host.Features - host.Knowable).IsEmpty)
        {
            throw Violation($"features outside what the file can state: [{BackendDecodeTarget.Names(host.Features - host.Knowable)}]");
        }

        foreach (var warning in host.Warnings)
        {
            Outcome.RequireNamesFile(warning, Source);
        }

        var report = HostReport.Create(host);
        return $"ok:{host.Format}:{host.Vendor}:{(report.Model is null ? "no model" : "model")}:{Outcome.Of(host.Warnings)}";
    }
}
