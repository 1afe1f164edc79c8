namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>One distinct failure: its signature, how often it happened, and the first input that showed it.</summary>
public sealed record CrashRecord(string Signature, string Description, byte[] Input, string? SavedAs)
{
    public int Count { get; set; } = 1;
}
