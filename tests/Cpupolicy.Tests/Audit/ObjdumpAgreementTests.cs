using Cpupolicy.Compiler.Audit;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Audit;

/// <summary>
/// The audit of a real system library agrees with binutils' <c>objdump -d</c> on which instruction families
/// (<see cref="ObjdumpFamilies"/>) its code contains. libcrypto carries AVX2, AVX-512, AES-NI, SHA, BMI2 and ADX
/// code paths, each chosen at run time by OpenSSL's CPUID dispatch.
/// </summary>
public class ObjdumpAgreementTests
{
    public static TheoryData<string> Libraries => new()
    {
        "/usr/lib/x86_64-linux-gnu/libcrypto.so.3",
        "/usr/lib/x86_64-linux-gnu/libssl.so.3",
    };

    [SkippableTheory]
    [MemberData(nameof(Libraries))]
    public void Audit_and_objdump_see_the_same_instruction_families(string library)
    {
        var objdump = Peers.RequireExecutable("objdump");
        Peers.RequireOrSkip(File.Exists(library), $"{library} is missing (Debian package libssl3)");

        var audit = BinaryAuditor.Default.AuditFile(library);
        Assert.Null(audit.Error);
        var ours = audit.Code.Features.SelectMany(u => ObjdumpFamilies.OfFeature(u.Feature.Name)).ToHashSet(StringComparer.Ordinal);
        var theirs = ObjdumpFamiliesOf(objdump, library);

        Assert.True(
            ours.SetEquals(theirs.Keys),
            $"audit only: [{string.Join(", ", ours.Except(theirs.Keys))}]; objdump only: " +
            $"[{string.Join(", ", theirs.Keys.Except(ours).Select(f => $"{f} e.g. `{theirs[f]}`"))}]");
        if (library.Contains("libcrypto", StringComparison.Ordinal))
        {
            Assert.Superset(new HashSet<string> { "avx512", "avx2", "aes", "sha", "bmi2", "adx", "pclmul" }, ours);
        }
    }

    /// <summary>Every family objdump's listing shows, with one example line each (for the failure message).</summary>
    private static Dictionary<string, string> ObjdumpFamiliesOf(string objdump, string library)
    {
        var (exitCode, stdout, stderr) = ChildProcess.Peer(objdump, ["-d", "-M", "intel", "-w", library]);
        var families = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n'))
        {
            if (ObjdumpFamilies.OfLine(line) is { } family)
            {
                families.TryAdd(family, line.Trim());
            }
        }

        Assert.True(exitCode == 0, $"objdump failed: {stderr}");
        return families;
    }
}
