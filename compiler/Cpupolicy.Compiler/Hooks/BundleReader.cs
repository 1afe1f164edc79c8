using System.Text.Json;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Policy.Diagnostics;

namespace Cpupolicy.Compiler.Hooks;

/// <summary>
/// Reads bundle.json strictly: a hook acts on it at every VM boot, so anything that is not exactly what
/// <see cref="BundleWriter"/> writes (wrong format or version, a VM rule naming a missing profile, a truncated file)
/// is CP0602 rather than a guess. A missing file is CP0601. Uses <see cref="JsonDocument"/> only (no reflection),
/// so the same code runs in a trimmed or NativeAOT hook build.
/// </summary>
public static class BundleReader
{
    /// <summary>The default location, where <c>hooks/install-*.sh</c> tell admins to put the compiled bundle.</summary>
    public const string DefaultPath = "/etc/cpupolicy/bundle.json";

    /// <summary>Far above any real bundle (a few hundred KiB for hundreds of profiles); bounds a hostile file.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The bundle a hook or <c>apply</c> acts on: read only when it and every folder above it can be changed by root
    /// alone (or by the invoking user, for a run that is not root; <see cref="FileTrust"/>), else CP0620 naming the
    /// path at fault and its fix. The one entry for both <c>cpupolicy hook</c> and <c>cpupolicy-hook</c>.
    /// </summary>
    public static HookBundle ReadTrusted(string path)
    {
        if (!OperatingSystem.IsWindows() && FileTrust.Check(path) is { } problem)
        {
            throw Fail(DiagnosticCatalog.BundleUntrusted, path, Untrusted(path, problem));
        }

        return Read(path);
    }

    /// <summary>The CP0620 message (also used by <c>hook check</c>).</summary>
    public static string Untrusted(string path, TrustProblem problem) =>
        $"bundle `{HookText.Clean(path, 300)}` not used: {problem.Describe()}; a hook acts only on a bundle that only root can change";

    public static HookBundle Read(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw Fail(DiagnosticCatalog.BundleMissing, path, $"bundle `{path}` does not exist",
                    "run `cpupolicy compile POLICY --out DIR` and install DIR/bundle.json there, or set CPUPOLICY_BUNDLE");
            }

            if (info.Length > MaxBytes)
            {
                throw Fail(DiagnosticCatalog.BundleCorrupt, path, $"bundle `{path}` is {info.Length} bytes, more than any bundle cpupolicy writes");
            }

            // Bounded whatever length the file claims: CPUPOLICY_BUNDLE=/dev/zero must not eat the host's memory.
            bytes = IO.InputFile.ReadAtMost(path, MaxBytes)
                ?? throw Fail(DiagnosticCatalog.BundleCorrupt, path, $"bundle `{path}` is more than {MaxBytes} bytes, more than any bundle cpupolicy writes");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(DiagnosticCatalog.BundleMissing, path, $"bundle `{path}` cannot be read: {e.Message}", "make it readable by the user the hypervisor runs hooks as");
        }

        return Parse(bytes, path);
    }

    public static HookBundle Parse(ReadOnlyMemory<byte> bytes, string path)
    {
        // JsonDocument checks UTF-8 only when a string is read, and then throws InvalidOperationException, which
        // the hooks took for a bug (CP0001; found by the fuzzer): refuse bytes that are not UTF-8 up front.
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
        {
            throw Corrupt(path, $"bundle `{path}` is not valid UTF-8");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            return FromJson(document.RootElement, path);
        }
        catch (JsonException e)
        {
            throw Fail(DiagnosticCatalog.BundleCorrupt, path, $"bundle `{path}` is not valid JSON: {e.Message}", "recompile the policy and reinstall bundle.json");
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json parses a string escape such as a lone surrogate (\ud800) and only fails when the value
            // is read: still a corrupt bundle, not a fault of ours.
            throw Fail(DiagnosticCatalog.BundleCorrupt, path, $"bundle `{path}` has an invalid string: {e.Message}", "recompile the policy and reinstall bundle.json");
        }
    }

    private static HookBundle FromJson(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object || Str(root, "format", path, optional: true) != BundleWriter.Format)
        {
            throw Corrupt(path, $"`{path}` is not a cpupolicy bundle (no \"format\": \"{BundleWriter.Format}\")");
        }

        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != BundleWriter.Version)
        {
            throw Corrupt(path, $"bundle `{path}` has a version this cpupolicy does not read (it reads version {BundleWriter.Version})");
        }

        var profiles = new Dictionary<string, BundleProfile>(StringComparer.Ordinal);
        foreach (var p in Array(root, "profiles", path))
        {
            var name = Str(p, "name", path)!;
            var features = Array(p, "features", path).Select(f => f.ValueKind == JsonValueKind.String ? f.GetString()! : throw Corrupt(path, $"profile `{name}` has a feature that is not a string")).ToList();
            if (!p.TryGetProperty("artifacts", out var artifactsJson) || artifactsJson.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt(path, $"profile `{name}` has no \"artifacts\" object");
            }

            var artifacts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var a in artifactsJson.EnumerateObject())
            {
                artifacts[a.Name] = a.Value.ValueKind == JsonValueKind.String ? a.Value.GetString()! : throw Corrupt(path, $"profile `{name}`: artifact `{a.Name}` is not a string");
            }

            if (!profiles.TryAdd(name, new BundleProfile(name, Str(p, "vendor", path, optional: true), features, artifacts)))
            {
                throw Corrupt(path, $"profile `{name}` appears twice");
            }
        }

        var rules = new List<BundleVmRule>();
        foreach (var r in Array(root, "vms", path))
        {
            var rule = new BundleVmRule(Str(r, "glob", path)!, Str(r, "profile", path)!);
            if (!profiles.ContainsKey(rule.Profile))
            {
                throw Corrupt(path, $"VM rule `{rule.Glob}` names profile `{rule.Profile}`, which the bundle does not have");
            }

            rules.Add(rule);
        }

        var defaultProfile = Str(root, "default", path, optional: true);
        if (defaultProfile is not null && !profiles.ContainsKey(defaultProfile))
        {
            throw Corrupt(path, $"the default profile `{defaultProfile}` is not in the bundle");
        }

        string? mode = null, onError = null;
        if (root.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object)
        {
            mode = Str(settings, "mode", path, optional: true);
            onError = Str(settings, "on_error", path, optional: true);
        }

        return new HookBundle(path, profiles, rules, defaultProfile, mode, onError);
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement parent, string key, string path) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw Corrupt(path, $"bundle `{path}` has no \"{key}\" array where one belongs");

    private static string? Str(JsonElement parent, string key, string path, bool optional = false)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(key, out var value))
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            if (value.ValueKind == JsonValueKind.Null && optional)
            {
                return null;
            }
        }
        else if (optional)
        {
            return null;
        }

        throw Corrupt(path, $"bundle `{path}`: \"{key}\" is missing or not a string");
    }

    private static DiagnosticException Corrupt(string path, string message) =>
        Fail(DiagnosticCatalog.BundleCorrupt, path, message, "recompile the policy with this cpupolicy and reinstall bundle.json");

    private static DiagnosticException Fail(DiagnosticDescriptor descriptor, string path, string message, string? hint = null) =>
        new(descriptor.Create(SourceSpan.WholeFile(path), message, hint));
}
