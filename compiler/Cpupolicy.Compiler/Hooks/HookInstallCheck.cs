using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Compiler.IO;
using Cpupolicy.Policy.Diagnostics;

namespace Cpupolicy.Compiler.Hooks;

/// <summary>
/// <c>cpupolicy hook check</c>: is the hook installed where the hypervisor runs it, cpupolicy's, executable and
/// trusted; does the program it runs exist and is it trusted; is the bundle there, trusted (<see cref="FileTrust"/>),
/// parseable, of the version the installed hook reads (asked with <c>hook bundle-version</c>), and does every
/// profile have this platform's artifact. Every problem is collected (not just the first), each with its code, the
/// path at fault and its fix, for an admin or a config-management run (docs/hooks-libvirt.md, "Checking an install").
/// </summary>
public static class HookInstallCheck
{
    /// <summary>What the installers write into every launcher (hooks/lib/install-common.sh).</summary>
    public const string Marker = "cpupolicy-hook-launcher";

    private const long MaxLauncherBytes = 64 * 1024;

    public static HookCheckReport Run(HookCheckOptions options)
    {
        var problems = new List<HookCheckProblem>();
        var hook = options.HookPath;
        var launcher = ReadLauncher(options, hook, problems);
        var command = launcher is null ? [] : CommandOf(launcher);
        var commandRuns = command.Count > 0 && CheckCommand(command, hook, problems);

        var bundle = options.Bundle ?? options.Root + ((launcher is null ? null : SettingOf(launcher, HookConfig.BundleVariable)) ?? BundleReader.DefaultPath);
        var bundleVersion = CheckBundle(options, bundle, problems);
        int? hookVersion = null;
        if (commandRuns)
        {
            hookVersion = AskVersion(command, hook, problems);
            if (hookVersion is { } h && bundleVersion is { } b && h != b)
            {
                problems.Add(new(DiagnosticCatalog.BundleVersionMismatch.Code, bundle,
                    $"bundle `{bundle}` is version {b}, but the installed hook reads version {h}",
                    h > b ? "recompile the policy with the installed cpupolicy and reinstall bundle.json" : "install the cpupolicy that wrote the bundle (scripts/publish.sh), or recompile with the installed one"));
            }
        }

        return new HookCheckReport(options.Platform, hook, command, bundle, bundleVersion, hookVersion, problems);
    }

    private static string? ReadLauncher(HookCheckOptions options, string hook, List<HookCheckProblem> problems)
    {
        var install = $"run {options.Installer}{(options.Root.Length > 0 ? $" --root {options.Root}" : string.Empty)}";
        if (UnixNative.LStat(hook, out _) is null)
        {
            problems.Add(new(DiagnosticCatalog.HookNotInstalled.Code, hook, $"the {options.Platform} hook `{hook}` is not installed", install));
            return null;
        }

        string text;
        try
        {
            var bytes = InputFile.ReadAtMost(hook, MaxLauncherBytes);
            text = bytes is null ? string.Empty : Encoding.UTF8.GetString(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new(DiagnosticCatalog.HookNotInstalled.Code, hook, $"the {options.Platform} hook `{hook}` cannot be read: {e.Message}", install));
            return null;
        }

        if (!text.Contains(Marker, StringComparison.Ordinal))
        {
            problems.Add(new(DiagnosticCatalog.HookNotInstalled.Code, hook, $"`{hook}` is not cpupolicy's {options.Platform} hook", $"move it away, then {install}"));
            return null;
        }

        if (File.Exists(hook) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(hook) & UnixFileMode.UserExecute) == 0)
        {
            problems.Add(new(DiagnosticCatalog.HookFileUntrusted.Code, hook, $"the hook `{hook}` is not executable, so the hypervisor does not run it", $"chmod 0755 {hook}"));
        }

        if (FileTrust.Check(hook) is { } untrusted)
        {
            problems.Add(Untrusted(untrusted, $"the hook `{hook}` runs as root"));
        }

        return text;
    }

    /// <summary>The absolute paths of the command must exist and be trusted; true when it can be run.</summary>
    private static bool CheckCommand(IReadOnlyList<string> command, string hook, List<HookCheckProblem> problems)
    {
        var runs = true;
        foreach (var word in command.Where(w => w.StartsWith('/')))
        {
            if (!File.Exists(word))
            {
                problems.Add(new(DiagnosticCatalog.HookFileUntrusted.Code, word, $"the hook `{hook}` runs `{word}`, which does not exist",
                    "run scripts/publish.sh /usr/local/lib/cpupolicy, or reinstall the hook with --cpupolicy CMD"));
                runs = false;
            }
            else if (FileTrust.Check(word) is { } untrusted)
            {
                problems.Add(Untrusted(untrusted, $"the hook `{hook}` runs `{word}` as root"));
            }
        }

        if (runs && command[0].StartsWith('/') && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(command[0]) & UnixFileMode.UserExecute) == 0)
        {
            problems.Add(new(DiagnosticCatalog.HookFileUntrusted.Code, command[0], $"the hook `{hook}` runs `{command[0]}`, which is not executable", $"chmod 0755 {command[0]}"));
            runs = false;
        }

        return runs;
    }

    private static int? CheckBundle(HookCheckOptions options, string bundle, List<HookCheckProblem> problems)
    {
        if (UnixNative.LStat(bundle, out _) is null && !File.Exists(bundle))
        {
            problems.Add(new(DiagnosticCatalog.BundleMissing.Code, bundle, $"bundle `{bundle}` does not exist",
                "run `cpupolicy compile POLICY --out DIR` and install DIR/bundle.json there as root:root 0644"));
            return null;
        }

        if (FileTrust.Check(bundle) is { } untrusted)
        {
            problems.Add(new(DiagnosticCatalog.BundleUntrusted.Code, untrusted.Path, BundleReader.Untrusted(bundle, untrusted), untrusted.Fix));
        }

        HookBundle parsed;
        int? version = null;
        try
        {
            var bytes = InputFile.ReadAtMost(bundle, BundleReader.MaxBytes);
            if (bytes is not null)
            {
                version = RawVersion(bytes);
            }

            parsed = BundleReader.Read(bundle);
        }
        catch (DiagnosticException e)
        {
            problems.Add(new(e.Diagnostic.Code, bundle, e.Diagnostic.Message, e.Diagnostic.Hint ?? "recompile the policy and reinstall bundle.json"));
            return version;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new(DiagnosticCatalog.BundleMissing.Code, bundle, $"bundle `{bundle}` cannot be read: {e.Message}", "make it readable by root"));
            return null;
        }

        var lacking = parsed.Profiles.Values.Where(p => p.Artifact(options.Backend) is null).Select(p => HookText.Clean(p.Name)).ToList();
        if (lacking.Count > 0)
        {
            problems.Add(new(DiagnosticCatalog.ProfileLacksArtifact.Code, bundle,
                $"bundle `{bundle}`: profile{(lacking.Count > 1 ? "s" : string.Empty)} {HookText.List(lacking)} ha{(lacking.Count > 1 ? "ve" : "s")} no {options.Backend} artifact",
                $"add `target {options.Backend}` to the policy (or drop every target line) and recompile"));
        }

        return version;
    }

    /// <summary>Asks the installed hook which bundle version it reads (<c>CMD hook bundle-version</c>, 30 s at most).</summary>
    private static int? AskVersion(IReadOnlyList<string> command, string hook, List<HookCheckProblem> problems)
    {
        var info = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var word in command.Skip(1).Append("hook").Append("bundle-version"))
        {
            info.ArgumentList.Add(word);
        }

        var shown = string.Join(' ', command) + " hook bundle-version";
        try
        {
            using var process = Process.Start(info) ?? throw new InvalidOperationException("no process");
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                problems.Add(new(DiagnosticCatalog.HookFileUntrusted.Code, command[0], $"`{shown}` did not answer within 30 s", "reinstall the hook's program (scripts/publish.sh)"));
                return null;
            }

            if (process.ExitCode == 0 && int.TryParse(stdout.Result.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                return version;
            }

            problems.Add(new(DiagnosticCatalog.HookFileUntrusted.Code, command[0],
                $"the hook `{hook}` runs a program that does not say which bundle version it reads (`{shown}` exited {process.ExitCode}: {HookText.Clean(stderr.Result.Trim(), 200)})",
                "install a cpupolicy that matches this one (scripts/publish.sh), then rerun the installer"));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            problems.Add(new(DiagnosticCatalog.HookFileUntrusted.Code, command[0], $"`{shown}` cannot be run: {e.Message}", "reinstall the hook's program (scripts/publish.sh)"));
        }

        return null;
    }

    private static int? RawVersion(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("version", out var v)
                && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static HookCheckProblem Untrusted(TrustProblem problem, string why) =>
        new(DiagnosticCatalog.HookFileUntrusted.Code, problem.Path, $"{why}, but {problem.Describe()}", problem.Fix);

    /// <summary>The cpupolicy command written into a launcher: the words of its <c>for f in 'W1' 'W2'; do</c> line.</summary>
    public static IReadOnlyList<string> CommandOf(string launcher)
    {
        foreach (var line in launcher.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("for f in ", StringComparison.Ordinal) && trimmed.EndsWith("; do", StringComparison.Ordinal))
            {
                return ShellWords(trimmed["for f in ".Length..^"; do".Length]);
            }
        }

        return [];
    }

    /// <summary>A setting the installer wrote (<c>|| NAME='VALUE'; export NAME</c>), or null.</summary>
    public static string? SettingOf(string launcher, string name)
    {
        var key = $"|| {name}=";
        foreach (var line in launcher.Split('\n'))
        {
            var at = line.IndexOf(key, StringComparison.Ordinal);
            var end = line.LastIndexOf($"; export {name}", StringComparison.Ordinal);
            if (at >= 0 && end > at)
            {
                return ShellWords(line[(at + key.Length)..end]) is [var value] ? value : null;
            }
        }

        return null;
    }

    /// <summary>Words as /bin/sh reads them from what sh_quote writes: single-quoted runs and <c>\'</c>.</summary>
    private static List<string> ShellWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                var close = text.IndexOf('\'', i + 1);
                close = close < 0 ? text.Length : close;
                word.Append(text, i + 1, close - i - 1);
                i = close;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
                inWord = true;
            }
            else if (c is ' ' or '\t')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
