using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Audit;

/// <summary>One file to audit, as a command-line path or found under a directory; or why a path gives no file.</summary>
public sealed record AuditInput(string Path, Diagnostic? Error = null);
