using System.Text;
using Cpupolicy.Compiler.Audit;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>The audit's ELF reader, ISA note reader and instruction scan on one file's bytes.</summary>
public sealed class ElfAuditTarget : FuzzTarget
{
    private const string Source = "fuzz.elf";

    public override string Name => "audit-elf";

    public override string Component => "compiler/Cpupolicy.Compiler/Audit/BinaryAuditor.AuditBytes (ElfReader, GnuPropertyReader, InstructionScanner)";

    public override string Property => "no exception; an error is a CP07xx diagnostic naming the file, never CP0709 (internal failure)";

    public override int MaxInputBytes => 64 * 1024;

    public override IReadOnlyList<string> Tokens => FuzzTokens.Elf;

    /// <summary>Binary tokens: one byte per char.</summary>
    public override IReadOnlyList<byte[]> TokenBytes => Tokens.Select(Encoding.Latin1.GetBytes).ToList();

    public override IEnumerable<string> ExternalSeeds(FuzzPaths paths) => ["/usr/bin/true"];

    public override string Execute(byte[] input)
    {
        var audit = BinaryAuditor.Default.AuditBytes(input, Source);
        if (audit.Error is { } error)
        {
            Outcome.RequireNotInternal(error);
            Outcome.RequireNamesFile(error, Source);
            if (!error.Code.StartsWith("CP07", StringComparison.Ordinal))
            {
                throw Violation($"the audit reported {error.Code}, not a CP07xx diagnostic: {error}");
            }

            return Outcome.Of(error);
        }

        // Feature counts bucketed: a binary whose code reaches new kinds of instruction is worth keeping.
        return $"ok:{audit.Machine}:{audit.FileType}:{Outcome.Of(audit.Warnings)}:{audit.Code.Features.Count}:{audit.Code.Unnamed.Count > 0}";
    }
}
