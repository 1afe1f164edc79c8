using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Proxmox;

/// <summary>What only a Proxmox CPU has: a <c>cpu-model: NAME</c> section header, or a lone VM <c>cpu:</c> line.</summary>
public static partial class ProxmoxArtifact
{
    public static bool Recognize(string text) =>
        SectionHeader().IsMatch(text) || (text.Trim() is var t && !t.Contains('\n', StringComparison.Ordinal) && VmLine().IsMatch(t));

    /// <summary>The vendor Proxmox forces for a custom model's <c>reported-model</c> (<see cref="ProxmoxCatalog.VendorOf"/>).</summary>
    public static (CpuVendor Vendor, string? Evidence) StatedVendor(string text) =>
        ReportedModel().Match(text) is { Success: true } m && ProxmoxCatalog.VendorOf(m.Groups["m"].Value) is var v && v != CpuVendor.Unknown
            ? (v, "the vendor= Proxmox forces for its reported-model")
            : (CpuVendor.Unknown, null);

    [GeneratedRegex(@"^\s+reported-model\s+(?<m>\S+)", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex ReportedModel();

    [GeneratedRegex(@"^cpu-model:[ \t]*\S", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^cpu:[ \t]*\S+$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex VmLine();
}
