using Cpupolicy.Compiler.Hooks;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Tests.Hooks;

namespace Cpupolicy.Tests.Diagnostics;

// CP00xx (files, command line, internal failures) and the syntax codes SyntaxDiagnosticTests.Cases does not hold.
public static partial class DiagnosticCases
{
    private static IEnumerable<DiagnosticCase> General =>
    [
        Case("CP0001", "a hook whose stdin fails logs an internal failure", ws =>
        {
            var stderr = new StringWriter();
            HookProcess.RunLibvirt("web-01", "prepare", "begin", () => throw new IOException("stdin is gone"), new MemoryStream(), stderr, ws.Hooks.Env);
            return CaseWorkspace.CodesIn(stderr.ToString());
        }),
        Case("CP0002", "check of a missing policy file", ws => CaseWorkspace.Cli("check", Path.Combine(ws.Dir, "absent.cpupolicy"))),
        Case("CP0003", "check of a policy with a NUL byte", ws => CaseWorkspace.Cli("check", ws.Write("nul.cpupolicy", "profile p = {fpu}\0\n"))),
        Case("CP0004", "compile into a folder that is a file", ws =>
            CaseWorkspace.Cli("compile", ws.Write("p.cpupolicy", "profile p = {fpu}\n"), "--out", ws.Write("taken", "a file"))),
        Case("CP0005", "check of a policy larger than the input limit", ws =>
        {
            var path = Path.Combine(ws.Dir, "huge.cpupolicy");
            using (var file = File.Create(path))
            {
                file.SetLength(Compiler.IO.InputFile.MaxBytes + 1); // sparse: nothing is written
            }

            return CaseWorkspace.Cli("check", path);
        }),
        Case("CP0006", "features with an unknown name", _ => CaseWorkspace.Cli("features", "avx3")),
        Case("CP0007", "features --model with an unknown model", _ => CaseWorkspace.Cli("features", "--model", "Haswel")),
    ];

    private static IEnumerable<DiagnosticCase> Syntax =>
    [
        Case("CP0120", "an expression nested too deeply", _ =>
            PolicyParser.Parse("profile p = " + new string('(', 500) + "a" + new string(')', 500), "t").Diagnostics.Select(d => d.Code)),
        Case("CP0121", "more syntax errors than the parser reports", _ =>
            PolicyParser.Parse(string.Concat(Enumerable.Repeat("oops\n", PolicyParser.MaxErrors + 5)), "t").Diagnostics.Select(d => d.Code)),
    ];

    // CP02xx/CP03xx that SemanticDiagnosticTests.Cases does not hold (they need files, or have no span).
    private static IEnumerable<DiagnosticCase> Semantics =>
    [
        Case("CP0205", "two policies that include each other", ws =>
        {
            ws.Write("b.cpupolicy", "include \"a.cpupolicy\"\n");
            var a = ws.Write("a.cpupolicy", "include \"b.cpupolicy\"\nprofile p = {fpu}\n");
            return Compiler.Emit.PolicyCompilation.CompileFile(a).Diagnostics.Select(d => d.Code);
        }),
        Case("CP0206", "an include of a missing file", ws =>
            Compiler.Emit.PolicyCompilation.CompileFile(ws.Write("a.cpupolicy", "include \"missing.cpupolicy\"\nprofile p = {fpu}\n")).Diagnostics.Select(d => d.Code)),
        Case("CP0310", "a policy with hosts but no profile", _ => CaseWorkspace.Compile("host a is Haswell-v1\n")),
    ];
}
