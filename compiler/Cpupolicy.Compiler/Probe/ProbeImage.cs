using System.Security.Cryptography;

namespace Cpupolicy.Compiler.Probe;

/// <summary>A built probe guest: the multiboot ELF file's bytes and the plan it carries out.</summary>
public sealed class ProbeImage
{
    internal ProbeImage(byte[] bytes, ProbePlan plan, uint entry)
    {
        Bytes = bytes;
        Plan = plan;
        Entry = entry;
    }

    /// <summary>The ELF file; never modify it (the default image is shared).</summary>
    public IReadOnlyList<byte> Bytes { get; }

    public ProbePlan Plan { get; }

    /// <summary>The guest-physical address where execution starts.</summary>
    public uint Entry { get; }

    /// <summary>The SHA-256 of the file, lowercase hex: the same database always gives the same image.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData([.. Bytes]));

    /// <summary>Writes the image to a new file under the temp folder (one per run; the caller deletes it).</summary>
    public string WriteTempFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cpupolicy-probe-{Guid.NewGuid():N}.elf");
        File.WriteAllBytes(path, [.. Bytes]);
        return path;
    }
}
