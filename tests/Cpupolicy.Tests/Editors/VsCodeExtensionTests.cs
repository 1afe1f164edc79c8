using System.IO.Compression;
using Cpupolicy.Tests.Infrastructure;
using Xunit;

namespace Cpupolicy.Tests.Editors;

/// <summary>
/// editors/vscode packages with <c>vsce package</c> and no warning (editors/vscode/build.sh fails on one), from the
/// locked dependencies (<c>npm ci</c>), and the package holds the grammar, the language configuration and the bundled client.
/// </summary>
public sealed class VsCodeExtensionTests
{
    [SkippableFact]
    public void Extension_packages_with_vsce_without_warnings()
    {
        Peers.RequireExecutable("npm");
        var script = Path.Combine(RepoData.RepoRoot, "editors", "vscode", "build.sh");
        var (exitCode, stdout, stderr) = ChildProcess.Peer(script, [], deadline: TimeSpan.FromMinutes(8));
        Assert.True(exitCode == 0, $"build.sh exited {exitCode}\n{stderr}");
        var vsix = stdout.Trim();
        using var zip = ZipFile.OpenRead(vsix);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("extension/syntaxes/cpupolicy.tmLanguage.json", entries);
        Assert.Contains("extension/language-configuration.json", entries);
        Assert.Contains("extension/dist/extension.js", entries);
        Assert.DoesNotContain(entries, e => e.Contains("node_modules", StringComparison.Ordinal));
    }
}
