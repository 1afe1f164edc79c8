namespace Cpupolicy.Core.Bundle;

/// <summary>
/// <c>bundle.json</c> as a typed record: the compiled policy the hooks read at VM boot. The property order is the
/// file's key order (<see cref="BundleJsonContext"/> writes it, <see cref="BundleReader"/> reads it back).
/// Version 2 adds <see cref="Targets"/>: each compiled target's resolved options (release, model, ...), so nothing
/// has to read an artifact's comment to learn what the artifact is.
/// </summary>
public sealed record BundleDocument(
    string Format,
    int Version,
    string Policy,
    BundleSettings Settings,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Targets,
    IReadOnlyList<BundleProfile> Profiles,
    IReadOnlyList<BundleVmRule> Vms,
    string? Default)
{
    public const string FormatName = "cpupolicy-bundle";

    /// <summary>The version this cpupolicy writes and reads. Version 1 (no <c>targets</c>) is refused with CP0602.</summary>
    public const int CurrentVersion = 2;
}
