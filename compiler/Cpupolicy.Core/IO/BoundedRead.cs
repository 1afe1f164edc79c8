namespace Cpupolicy.Core.IO;

/// <summary>What <see cref="BoundedInput"/> got: the bytes, or why not (too large, too slow, unreadable).</summary>
public sealed record BoundedRead(byte[]? Bytes, string? Problem);
