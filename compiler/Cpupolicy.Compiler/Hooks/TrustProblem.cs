using Cpupolicy.Compiler.IO;

namespace Cpupolicy.Compiler.Hooks;

/// <summary>
/// Why a file is not trusted: the path at fault (the file, a folder above it, or a link on the way), what lstat says
/// about it, what is wrong in words, and the <c>chown</c>/<c>chmod</c> command that fixes it.
/// </summary>
public sealed record TrustProblem(string Path, UnixFileStatus Status, string Reason, string Fix)
{
    /// <summary>One sentence for a diagnostic: "`/srv` (folder, owner alice, mode 0777) is writable by others".</summary>
    public string Describe() =>
        $"`{HookText.Clean(Path, 300)}` ({Status.Kind}, owner {UserNames.Of(Status.Uid)}, mode {Status.Octal}) {Reason}; fix: `{HookText.Clean(Fix, 400)}`";
}
