namespace Cpupolicy.Core.Backends.Xen;

/// <summary>A string of an xl.cfg file: its text (escapes resolved) and where its first character sits (1-based).</summary>
public sealed record XlString(string Text, int Line, int Column);
