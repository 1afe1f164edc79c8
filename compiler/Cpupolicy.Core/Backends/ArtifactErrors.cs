using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends;

/// <summary>Builds the exceptions decoders throw: always a <see cref="DiagnosticException"/> naming the part at fault.</summary>
public static class ArtifactErrors
{
    /// <summary>No real artifact comes near this (the largest, a libvirt domain XML, is a few KiB).</summary>
    public const int MaxArtifactChars = 1 << 20;

    public static DiagnosticException Element(DiagnosticDescriptor descriptor, string source, string element, string message, string? hint = null) =>
        new(descriptor.Create(SourceSpan.ForElement(source, element), message, hint));

    public static DiagnosticException At(DiagnosticDescriptor descriptor, string source, int line, int column, int length, string message, string? hint = null) =>
        new(descriptor.Create(SourceSpan.At(source, line, column, length), message, hint));

    public static DiagnosticException File(DiagnosticDescriptor descriptor, string source, string message, string? hint = null) =>
        new(descriptor.Create(SourceSpan.WholeFile(source), message, hint));

    public static void CheckSize(string artifact, string source)
    {
        if (artifact.Length > MaxArtifactChars)
        {
            throw File(
                DiagnosticCatalog.ArtifactTooLarge,
                source,
                $"the artifact has {artifact.Length} characters; no backend artifact is larger than {MaxArtifactChars}",
                "pass the artifact itself, not a log or a disk image");
        }
    }
}
