namespace Cpupolicy.Hooks;

/// <summary>A half-open byte range <c>[Start, End)</c> of a document.</summary>
public readonly record struct ByteSpan(int Start, int End)
{
    public int Length => End - Start;
}
