using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// <c>migrate --vm</c>'s reader, which tells by content whether a text is an inventory or which backend's artifact
/// (and then decodes it with that backend), followed by the migration verdict against a real host.
/// </summary>
public sealed class MigrateVmTarget(FuzzPaths paths) : FuzzTarget
{
    private const string Source = "fuzz-vm";

    private readonly Lazy<HostSymbol> destination = new(() =>
    {
        var file = paths.Repo("policy", "examples", "hosts", "x86_64-cpuid-Xeon-E5-2630-v3.xml");
        return FleetHost.From(file, InventoryReader.Read(file), FeatureDatabase.Default).Symbol;
    });

    public override string Name => "migrate-vm";

    public override string Component => "compiler/Cpupolicy.Compiler/Analyses/VmCpuReader.Parse + MigrationCheck.Check";

    public override string Property =>
        "VmCpu or a DiagnosticException naming the input (never CP0001); the verdict's missing features are features the VM has";

    public override IReadOnlyList<string> Tokens => [.. FuzzTokens.Xml, .. FuzzTokens.Qemu, .. FuzzTokens.Xl, .. FuzzTokens.Hex, .. FuzzTokens.Yaml.Take(20)];

    public override IEnumerable<string> ExternalSeeds(FuzzPaths paths)
    {
        var cases = paths.Repo("tests", "cases");
        // The golden cases' expected artifacts of every backend (not their bundle.json or diagnostics).
        var artifacts = Directory.Exists(cases)
            ? Directory.EnumerateFiles(cases, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "expected" && Path.GetFileName(f) is not ("bundle.json" or "diagnostics.txt"))
            : [];
        return artifacts.Order(StringComparer.Ordinal).Concat(InventorySeeds.Examples(paths).Take(3)).Concat(InventorySeeds.Samples(paths));
    }

    public override string Execute(byte[] input)
    {
        VmCpu vm;
        try
        {
            vm = VmCpuReader.Parse(Text(input), Source, BackendRegistry.Default, ModelDatabase.Default);
        }
        catch (DiagnosticException e)
        {
            Outcome.RequireNotInternal(e.Diagnostic);
            Outcome.RequireNamesFile(e.Diagnostic, Source);
            return Outcome.Of(e.Diagnostic);
        }

        MigrationVerdict verdict;
        try
        {
            verdict = MigrationCheck.Check(vm, null, destination.Value);
        }
        catch (DiagnosticException e)
        {
            // Documented refusals, e.g. CP0804: an xl cpuid= needs the boot host (--from) to mean anything.
            Outcome.RequireNotInternal(e.Diagnostic);
            return "verdict refused:" + Outcome.Of(e.Diagnostic);
        }

        if (!(verdict.Missing - verdict.VmFeatures).IsEmpty)
        {
            throw Violation($"the verdict says the host lacks features the VM does not have: [{BackendDecodeTarget.Names(verdict.Missing - verdict.VmFeatures)}]");
        }
        return $"ok:{vm.Kind}:{verdict.Compatible}";
    }
}
