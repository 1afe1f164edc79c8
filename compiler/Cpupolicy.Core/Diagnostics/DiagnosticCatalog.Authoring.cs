namespace Cpupolicy.Core.Diagnostics;

// CP1100-CP1129: authoring tools: policy test files (`cpupolicy test`, CP1100-CP1109) and the language server
// (`cpupolicy lsp`, CP1110-CP1129).
public static partial class DiagnosticCatalog
{
    public static readonly DiagnosticDescriptor PolicyTestMalformed = new("CP1100", Severity.Error, "the policy test file is not a list of test entries");
    public static readonly DiagnosticDescriptor PolicyTestUnknownKey = new("CP1101", Severity.Error, "a test entry has an unknown key");
    public static readonly DiagnosticDescriptor PolicyTestUnknownName = new("CP1102", Severity.Error, "a test names a profile, host, pool or feature that does not exist");
    public static readonly DiagnosticDescriptor PolicyTestFileMissing = new("CP1103", Severity.Error, "the policy has no test file beside it");
}
