namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// The value of one xl.cfg setting: a single string (<c>cpuid = "host,..."</c>), a list of strings
/// (<c>cpuid = [ "1:ecx=...", ... ]</c>) or another scalar (a number, a bare word), kept as text.
/// </summary>
public sealed record XlValue(bool IsList, IReadOnlyList<XlString> Items, bool IsString, int Line, int Column);
