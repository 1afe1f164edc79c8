using System.Text.Json;
using Cpupolicy.Tests.Infrastructure;
using Xunit;

namespace Cpupolicy.Tests.Editors;

/// <summary>
/// A real third-party LSP client drives <c>cpupolicy lsp</c>: Neovim (Debian's 0.7.2, headless, its built-in client)
/// runs tests/editors/nvim/lsp_session.lua against the JIT build (<c>dotnet cpupolicy.dll lsp</c>), or the native
/// binary when CPUPOLICY_NATIVE_DIR is set.
/// </summary>
public sealed class NeovimLspTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cpupolicy-nvim-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [SkippableFact]
    public void Neovim_gets_the_diagnostic_completes_the_feature_and_renames_across_files()
    {
        var nvim = Peers.RequireExecutable("nvim");
        var hostsDir = Path.Combine(RepoData.RepoRoot, "policy", "examples", "hosts");
        File.WriteAllText(Path.Combine(dir, "hosts.cpupolicy"),
            $"host hera from \"{Path.Combine(hostsDir, "x86_64-cpuid-Xeon-E5-2630-v3.xml")}\"\n" +
            $"host zeus from \"{Path.Combine(hostsDir, "x86_64-cpuid-Core-i7-3770.xml")}\"\n" +
            "pool homelab = hera, zeus\n");
        File.WriteAllText(Path.Combine(dir, "main.cpupolicy"),
            "include \"hosts.cpupolicy\"\n\nprofile base = baseline(homelab) {\n  require avx2x\n}\ndefault uses base\n");
        var output = Path.Combine(dir, "report.json");

        var native = Environment.GetEnvironmentVariable("CPUPOLICY_NATIVE_DIR");
        string[] command = string.IsNullOrEmpty(native)
            ? ["dotnet", ChildProcess.CliDll, "lsp"]
            : [Path.Combine(native, "cpupolicy"), "lsp"];
        var nvimRun = ChildProcess.Run(
            nvim,
            ["--headless", "--clean", "-c", $"luafile {Path.Combine(RepoData.RepoRoot, "tests", "editors", "nvim", "lsp_session.lua")}"],
            new ChildProcess.Options
            {
                Env = new Dictionary<string, string?>
                {
                    ["CPUPOLICY_LSP_CMD"] = JsonSerializer.Serialize(command),
                    ["CPUPOLICY_LSP_DIR"] = dir,
                    ["CPUPOLICY_LSP_OUT"] = output,
                    ["HOME"] = dir, // no user config, shada or swap files outside the scratch folder
                    ["XDG_STATE_HOME"] = dir,
                    ["XDG_DATA_HOME"] = dir,
                },
                Deadline = TimeSpan.FromMinutes(3),
            });
        Assert.True(File.Exists(output), $"nvim wrote no report (exit {nvimRun.ExitCode}): {nvimRun.StdoutText} {nvimRun.Stderr}");
        var report = JsonDocument.Parse(File.ReadAllText(output)).RootElement;
        Assert.False(report.TryGetProperty("error", out var error), $"the Lua script failed: {error}");
        Assert.Equal(0, nvimRun.ExitCode);

        // The diagnostic: check's code, on the misspelt name (line 4, columns 11-15 in 1-based terms).
        var diagnostic = report.GetProperty("diagnostics")[0];
        Assert.Equal("CP0203", diagnostic.GetProperty("code").GetString());
        var range = diagnostic.GetProperty("range");
        Assert.Equal((3, 10, 3, 15), (range.GetProperty("start").GetProperty("line").GetInt32(), range.GetProperty("start").GetProperty("character").GetInt32(),
            range.GetProperty("end").GetProperty("line").GetInt32(), range.GetProperty("end").GetProperty("character").GetInt32()));
        var shown = report.GetProperty("vim_diagnostics")[0];
        Assert.Equal(3, shown.GetProperty("lnum").GetInt32());
        Assert.Contains("avx2x", shown.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Completion at the typo offers the feature it meant.
        Assert.Contains(report.GetProperty("completion").EnumerateArray(), i => i.GetProperty("label").GetString() == "avx2");

        // The rename reached both files, and Neovim wrote them.
        Assert.Equal(2, report.GetProperty("rename_files").GetArrayLength());
        Assert.Contains("pool lab = hera, zeus", File.ReadAllText(Path.Combine(dir, "hosts.cpupolicy")), StringComparison.Ordinal);
        Assert.Contains("baseline(lab)", File.ReadAllText(Path.Combine(dir, "main.cpupolicy")), StringComparison.Ordinal);
        Assert.DoesNotContain("homelab", File.ReadAllText(Path.Combine(dir, "main.cpupolicy")), StringComparison.Ordinal);
    }
}
