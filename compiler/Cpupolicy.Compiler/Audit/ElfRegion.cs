namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// A byte range of an ELF file that <c>audit</c> reads as a whole: a code section (or executable segment) to decode,
/// or a note section (or segment). <see cref="Offset"/> and <see cref="Length"/> are checked against the file.
/// </summary>
public sealed record ElfRegion(string Name, ulong Address, int Offset, int Length, ulong Alignment);
