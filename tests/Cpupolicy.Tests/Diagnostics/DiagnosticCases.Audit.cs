using Cpupolicy.Compiler.Audit;
using Cpupolicy.Compiler.Database;
using Cpupolicy.Tests.Audit;

namespace Cpupolicy.Tests.Diagnostics;

// CP07xx: `cpupolicy audit` on binaries made by ElfBuilder.
public static partial class DiagnosticCases
{
    private const string AuditPolicy = "profile v2 = model(x86-64-v2) + {lm, pae}\n";

    private static IEnumerable<DiagnosticCase> Audit =>
    [
        Case("CP0701", "a text file", ws => CaseWorkspace.Cli("audit", ws.Write("notes.txt", "not a binary"))),
        Case("CP0702", "an ELF file cut after its identification", ws => CaseWorkspace.Cli("audit", ws.Write("cut.o", [0x7f, 0x45, 0x4c, 0x46, 2, 1]))),
        Case("CP0703", "an ARM ELF file", ws => CaseWorkspace.Cli("audit", ws.Write("arm.o", new ElfBuilder { Machine = 40, Is64 = false }.Code(".text", [0x1e, 0xff, 0x2f, 0xe1]).Build()))),
        Case("CP0704", "a character device", _ => CaseWorkspace.Cli("audit", "/dev/null")),
        Case("CP0705", "a GNU property note with a bad size", ws =>
        {
            var note = ElfBuilder.GnuPropertyNote(true, (GnuPropertyReader.IsaNeeded, 0x7));
            ElfBuilder.Put32(note, 4, 0x7fff_fff0);
            return CaseWorkspace.Cli("audit", ws.Write("note.o", new ElfBuilder().Code(".text", ElfBuilder.Avx2Code).Note(".note.a", note).Build()));
        }),
        Case("CP0706", "a profile the policy does not have", ws =>
            CaseWorkspace.Cli("audit", AuditBinary(ws, declares: false), "--policy", ws.Write("p.cpupolicy", AuditPolicy), "--profile", "v3")),
        Case("CP0707", "a declared x86-64-v3 against an x86-64-v2 profile", ws =>
            CaseWorkspace.Cli("audit", AuditBinary(ws, declares: true), "--policy", ws.Write("p.cpupolicy", AuditPolicy), "--profile", "v2")),
        Case("CP0708", "undeclared AVX2 code against an x86-64-v2 profile", ws =>
            CaseWorkspace.Cli("audit", AuditBinary(ws, declares: false), "--policy", ws.Write("p.cpupolicy", AuditPolicy), "--profile", "v2")),
        Case("CP0709", "an auditor whose model database lacks the psABI levels", ws =>
        {
            // A fault injected below the auditor (an empty model database) stands for a bug: it must stay in its file.
            using var json = new MemoryStream("""{"comment":"","sources":{},"models":[]}"""u8.ToArray());
            var auditor = new BinaryAuditor(ModelDatabase.Load(json, FeatureDatabase.Default), InstructionScanner.Default);
            return [auditor.AuditFile(AuditBinary(ws, declares: true)).Error?.Code ?? "none"];
        }),
        Case("CP0710", "two section headers on one code range", ws =>
        {
            var elf = new ElfBuilder().Code(".text", ElfBuilder.Avx2Code);
            elf.Sections.Add(elf.Sections[0] with { Name = ".text.copy", Data = [], Size = (ulong)ElfBuilder.Avx2Code.Length });
            var data = elf.Build();
            var shoff = (int)BitConverter.ToUInt64(data, 40);
            ElfBuilder.Put64(data, shoff + (2 * 64) + 24, BitConverter.ToUInt64(data, shoff + 64 + 24));
            return CaseWorkspace.Cli("audit", ws.Write("overlap.o", data));
        }),
    ];

    /// <summary>AVX2 code, declaring x86-64-v3 in a GNU property note or declaring nothing.</summary>
    private static string AuditBinary(CaseWorkspace ws, bool declares)
    {
        var elf = new ElfBuilder().Code(".text", ElfBuilder.Avx2Code);
        if (declares)
        {
            elf.Note(".note.gnu.property", ElfBuilder.GnuPropertyNote(true, (GnuPropertyReader.IsaNeeded, 0x7)));
        }

        return ws.Write(declares ? "declares-v3.o" : "contains-avx2.o", elf.Build());
    }
}
