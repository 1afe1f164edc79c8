using System.Text;
using System.Text.Json.Nodes;
using Cpupolicy.Core.Database;
using Cpupolicy.Lsp.Analysis;
using Cpupolicy.Lsp.Documents;
using Cpupolicy.Lsp.Protocol;

namespace Cpupolicy.Lsp.Features;

/// <summary>
/// <c>textDocument/hover</c> (markdown): on a feature its CPUID coordinates, every backend's spelling, the policy's
/// hosts that have it and the profiles that include it; on a profile its feature count, hosts and artifacts; on a
/// host its vendor, feature count and pools; on a pool its hosts; on a model its catalog and feature count.
/// </summary>
public static class HoverProvider
{
    public static JsonObject? Hover(PolicyWorkspace workspace, TextDocument document, int offset)
    {
        if (workspace.Syntax(document).Names.FirstOrDefault(n => n.Contains(offset)) is not { } name)
        {
            return null;
        }

        var compiled = workspace.LastBound(document).Compilation;
        var text = name.Role switch
        {
            NameRole.Feature => Feature(name.Text, compiled),
            NameRole.Model => Model(name.Text),
            NameRole.Declaration or NameRole.Reference => Symbol(name.Text, compiled),
            _ => null,
        };
        return text is null
            ? null
            : new JsonObject
            {
                ["contents"] = new JsonObject { ["kind"] = "markdown", ["value"] = text },
                ["range"] = LspRange.FromSpan(name.Span, document.Lines).ToJson(),
            };
    }

    public static string? Feature(string spelling, Compiler.Compilation compiled)
    {
        if (FeatureDatabase.Default.Find(spelling) is not { } f)
        {
            return null;
        }

        var md = new StringBuilder();
        md.Append($"**{f.Name}** (feature) `{f.Location}`\n\n");
        foreach (var (backend, name) in CompletionProvider.Spellings(f))
        {
            md.Append($"- {backend}: `{name}`\n");
        }

        if (f.Description is { } description)
        {
            md.Append($"\n{description}\n");
        }

        if (compiled.Bound is { } bound)
        {
            md.Append($"\nhosts with it: {List(bound.Hosts.Where(h => h.Capability.Contains(f)).Select(h => h.Name))}\n");
        }

        if (compiled.Profiles.Count > 0)
        {
            md.Append($"\nprofiles including it: {List(compiled.Profiles.Where(p => p.Profile.Features.Contains(f)).Select(p => p.Profile.Name))}\n");
        }

        return md.ToString();
    }

    private static string? Symbol(string name, Compiler.Compilation compiled)
    {
        if (compiled.Profiles.FirstOrDefault(p => p.Profile.Name == name) is { } profile)
        {
            return $"**{name}** (profile): {profile.Profile.Features.Count} features, vendor {profile.Profile.Vendor}\n\n" +
                $"hosts: {List(profile.Profile.Hosts)}\n\nartifacts: {List(profile.Artifacts.Select(a => $"{a.Backend} ({a.FileName})"))}";
        }

        if (compiled.Bound is not { } bound)
        {
            return null;
        }

        if (bound.Hosts.FirstOrDefault(h => h.Name == name) is { } host)
        {
            return $"**{name}** (host): vendor {host.Vendor}, {host.Capability.Count} features, from {host.Origin}\n\n" +
                $"pools: {List(bound.Pools.Where(p => p.Hosts.Any(h => h.Name == name)).Select(p => p.Name))}";
        }

        if (bound.Pools.FirstOrDefault(p => p.Name == name) is { } pool)
        {
            return $"**{name}** (pool): hosts {List(pool.Hosts.Select(h => h.Name))}";
        }

        return bound.Profiles.Any(p => p.Name == name) ? $"**{name}** (profile)" : null;
    }

    private static string? Model(string name) => ModelDatabase.Default.Find(name) is { } model
        ? $"**{model.Name}** ({model.Source} {model.Release} model): {model.Features.Count} features, vendor {model.Vendor}" + (model.AliasOf is { } a ? $", alias of {a}" : string.Empty)
        : null;

    private static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list.Select(i => $"`{i}`"));
    }
}
