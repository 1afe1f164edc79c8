using System.Text.RegularExpressions;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Proxmox;

/// <summary>One <c>key value</c> of a section or <c>key=value</c> of a VM's <c>cpu:</c> line, with its line.</summary>
public sealed record ProxmoxProperty(string Value, int Line);

/// <summary>A <c>cpu-model: ID</c> section of <c>cpu-models.conf</c>.</summary>
public sealed record ProxmoxCustomModel(string Id, int Line, IReadOnlyDictionary<string, ProxmoxProperty> Properties);

/// <summary>A VM's <c>cpu:</c> line: the cputype (default key) and the VM-level properties.</summary>
public sealed record ProxmoxVmCpu(string CpuType, int Line, IReadOnlyDictionary<string, ProxmoxProperty> Properties);

/// <summary>
/// Reads a Proxmox artifact the way PVE's SectionConfig reads <c>cpu-models.conf</c> (a <c>cpu-model: ID</c> line,
/// then indented <c>key value</c> lines up to a blank line; <c>#</c> lines skipped), plus a VM's <c>cpu:</c> line,
/// bare or as the comment <c># cpu: ...</c> the emitter writes. Every problem Proxmox would collect is thrown here.
/// </summary>
public static partial class ProxmoxConfig
{
    /// <summary>The keys of a custom model (CPUConfig.pm's <c>$cpu_fmt</c> without cputype).</summary>
    public static readonly string[] ModelKeys = ["flags", "guest-phys-bits", "hidden", "hv-vendor-id", "phys-bits", "reported-model"];

    public static (IReadOnlyList<ProxmoxCustomModel> Models, ProxmoxVmCpu? Vm) Parse(string text, string source)
    {
        ArtifactErrors.CheckSize(text, source);
        var models = new List<ProxmoxCustomModel>();
        ProxmoxVmCpu? vm = null;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        Dictionary<string, ProxmoxProperty>? current = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i];
            if (line.Trim().Length == 0)
            {
                current = null;
                continue;
            }

            if (CommentedVmLine().Match(line) is { Success: true } commented)
            {
                vm = ReadVm(vm, commented.Groups["v"].Value, number, source);
                continue;
            }

            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (Header().Match(line) is { Success: true } header)
            {
                var type = header.Groups["t"].Value;
                var id = header.Groups["id"].Value;
                if (type == "cpu")
                {
                    vm = ReadVm(vm, id, number, source);
                    current = null;
                }
                else if (type == "cpu-model")
                {
                    if (models.Any(m => m.Id == id))
                    {
                        throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, number, 1, line.Length,
                            $"the custom model `{id}` is defined twice", "keep one `cpu-model:` section per name");
                    }

                    current = new Dictionary<string, ProxmoxProperty>(StringComparer.Ordinal);
                    models.Add(new ProxmoxCustomModel(id, number, current));
                }
                else
                {
                    throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, number, 1, type.Length,
                        $"`{type}:` is not a section of cpu-models.conf", "the file holds `cpu-model: NAME` sections (and a VM's `cpu:` line)");
                }

                continue;
            }

            if (current is not null && Property().Match(line) is { Success: true } property)
            {
                var key = property.Groups["k"].Value;
                if (!ModelKeys.Contains(key, StringComparer.Ordinal))
                {
                    throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, number, line.IndexOf(key, StringComparison.Ordinal) + 1, key.Length,
                        $"a custom CPU model has no property `{key}`", $"its properties are {string.Join(", ", ModelKeys.Select(k => $"`{k}`"))}");
                }

                if (!current.TryAdd(key, new ProxmoxProperty(property.Groups["v"].Value, number)))
                {
                    throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, number, 1, line.Length,
                        $"`{key}` is given twice in one section", null);
                }

                continue;
            }

            throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, number, 1, Math.Max(line.Length, 1),
                current is null ? "a line outside any `cpu-model:` section" : "not a `key value` property line",
                "a section is `cpu-model: NAME` followed by indented `key value` lines, ended by a blank line");
        }

        return (models, vm);
    }

    private static ProxmoxVmCpu ReadVm(ProxmoxVmCpu? previous, string value, int line, string source)
    {
        if (previous is not null)
        {
            throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, line, 1, value.Length,
                "a second VM `cpu:` line", "give one VM's `cpu:` line");
        }

        string? cpuType = null;
        var properties = new Dictionary<string, ProxmoxProperty>(StringComparer.Ordinal);
        foreach (var (item, index) in value.Split(',').Select((s, n) => (s, n)))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? (index == 0 ? "cputype" : item) : item[..eq];
            var v = eq < 0 ? (index == 0 ? item : "") : item[(eq + 1)..];
            if (key == "cputype")
            {
                cpuType = v;
            }
            else if (key == "reported-model")
            {
                throw ArtifactErrors.At(DiagnosticCatalog.ProxmoxVmCpuRefused, source, line, 1, value.Length,
                    "`reported-model` is not allowed in a VM's `cpu:` line", "set it in the custom model's section");
            }
            else if (!ModelKeys.Contains(key, StringComparer.Ordinal) || !properties.TryAdd(key, new ProxmoxProperty(v, line)))
            {
                throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, line, 1, value.Length,
                    $"`{key}` is not a property of a VM's `cpu:` line (or is given twice)", "write `cpu: custom-NAME[,flags=+pcid]`");
            }
        }

        if (string.IsNullOrEmpty(cpuType))
        {
            throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, line, 1, value.Length, "the VM's `cpu:` line names no CPU type", "write `cpu: custom-NAME`");
        }

        return new ProxmoxVmCpu(cpuType, line, properties);
    }

    // SectionConfig's header: a type, a colon, one id.
    [GeneratedRegex(@"^(?<t>[^\s:]+):\s*(?<id>\S+)\s*$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Header();

    [GeneratedRegex(@"^\s+(?<k>\S+)\s+(?<v>\S(.*\S)?)\s*$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Property();

    [GeneratedRegex(@"^#\s*cpu:\s*(?<v>\S+)\s*$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex CommentedVmLine();
}
