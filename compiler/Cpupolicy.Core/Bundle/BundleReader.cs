using System.Text.Json;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Bundle;

/// <summary>
/// Reads bundle.json strictly: a hook acts on it at every VM boot, so anything that is not exactly what
/// <see cref="BundleWriter"/> writes (version 2) (wrong format or version, a VM rule naming a missing profile, a truncated file)
/// is CP0602 rather than a guess. A missing file is CP0601. <see cref="BundleElementReader"/> builds the typed
/// record with the rules of the source-generated <see cref="BundleJsonContext"/> that writes it, without its start-up
/// cost (no reflection: the same code runs in a trimmed or NativeAOT hook build).
/// </summary>
public static class BundleReader
{
    /// <summary>The default location, where <c>hooks/install-*.sh</c> tell admins to put the compiled bundle.</summary>
    public const string DefaultPath = "/etc/cpupolicy/bundle.json";

    /// <summary>Far above any real bundle (a few hundred KiB for hundreds of profiles); bounds a hostile file.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

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
            bytes = InputFile.ReadAtMost(path, MaxBytes)
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
            // ParseValue builds an element that rents nothing: returning JsonDocument.Parse's pooled buffers on
            // Dispose (the first use of the shared array pool) was a sixteenth of a native hook's CPU time.
            var reader = new Utf8JsonReader(bytes.Span, new JsonReaderOptions { MaxDepth = 16 });
            var root = JsonElement.ParseValue(ref reader);

            // ParseValue stops after the value; reading on throws (JsonException) on anything but whitespace after it,
            // which JsonDocument.Parse refused too. It never returns true: the reader does not allow several values.
            _ = reader.Read();

            return FromJson(root, path);
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
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != BundleDocument.FormatName)
        {
            throw Corrupt(path, $"`{path}` is not a cpupolicy bundle (no \"format\": \"{BundleDocument.FormatName}\")");
        }

        var v = root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var number) ? number : -1;
        if (v != BundleDocument.CurrentVersion)
        {
            throw v == 1
                ? Corrupt(path, $"bundle `{path}` is version 1, written by an older cpupolicy: it does not record the options each artifact was compiled with (this cpupolicy reads version {BundleDocument.CurrentVersion})")
                : Corrupt(path, $"bundle `{path}` has a version this cpupolicy does not read (it reads version {BundleDocument.CurrentVersion})");
        }

        BundleDocument document;
        try
        {
            document = BundleElementReader.Read(root);
        }
        catch (JsonException e)
        {
            throw Corrupt(path, $"bundle `{path}` does not have the shape cpupolicy writes: {Where(e)}");
        }

        return FromDocument(document, path);
    }

    /// <summary>What the serializer cannot check: no null inside a list or map, unique names, rules naming real profiles.</summary>
    private static HookBundle FromDocument(BundleDocument document, string path)
    {
        var targets = new Dictionary<string, TargetOptions>(StringComparer.Ordinal);
        foreach (var (backend, options) in document.Targets)
        {
            if (options is null || options.Values.Any(value => value is null))
            {
                throw Corrupt(path, $"target `{backend}` has an option that is not a string");
            }

            targets[backend] = new TargetOptions(backend, options);
        }

        var profiles = new Dictionary<string, BundleProfile>(StringComparer.Ordinal);
        foreach (var p in document.Profiles)
        {
            if (p is null)
            {
                throw Corrupt(path, $"bundle `{path}` has a profile that is not an object");
            }

            if (p.Features.Any(f => f is null) || p.Hosts.Any(h => h is null))
            {
                throw Corrupt(path, $"profile `{p.Name}` has a feature or host that is not a string");
            }

            foreach (var (backend, text) in p.Artifacts)
            {
                if (text is null)
                {
                    throw Corrupt(path, $"profile `{p.Name}`: artifact `{backend}` is not a string");
                }

                if (!targets.ContainsKey(backend))
                {
                    throw Corrupt(path, $"profile `{p.Name}` has a `{backend}` artifact but the bundle has no options for target `{backend}`");
                }
            }

            if (!profiles.TryAdd(p.Name, p))
            {
                throw Corrupt(path, $"profile `{p.Name}` appears twice");
            }
        }

        foreach (var rule in document.Vms)
        {
            if (rule is null)
            {
                throw Corrupt(path, $"bundle `{path}` has a VM rule that is not an object");
            }

            if (!profiles.ContainsKey(rule.Profile))
            {
                throw Corrupt(path, $"VM rule `{rule.Glob}` names profile `{rule.Profile}`, which the bundle does not have");
            }
        }

        if (document.Default is { } defaultProfile && !profiles.ContainsKey(defaultProfile))
        {
            throw Corrupt(path, $"the default profile `{defaultProfile}` is not in the bundle");
        }

        return new HookBundle(path, profiles, document.Vms, document.Default, document.Settings.Mode, document.Settings.OnError) { Targets = targets };
    }

    /// <summary>The serializer's JSON path and reason, without type names (the message reaches an admin's log).</summary>
    private static string Where(JsonException e) =>
        e.Path is { Length: > 0 } at ? $"at `{at}` a value is missing or has the wrong type" : "a value is missing or has the wrong type";

    private static DiagnosticException Corrupt(string path, string message) =>
        Fail(DiagnosticCatalog.BundleCorrupt, path, message, "recompile the policy with this cpupolicy and reinstall bundle.json");

    private static DiagnosticException Fail(DiagnosticDescriptor descriptor, string path, string message, string? hint = null) =>
        new(descriptor.Create(SourceSpan.WholeFile(path), message, hint));
}
