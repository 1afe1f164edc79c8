using Cpupolicy.Compiler.IO;
using Cpupolicy.Policy.Diagnostics;

namespace Cpupolicy.Compiler.Hooks;

/// <summary>
/// Replaces an existing VM definition (an xl cfg, a domain XML) in place so that readers see the old bytes or the
/// new bytes, never a partial file: a temp file in the same directory with the original's owner, group and permission
/// bits, flushed to disk, renamed over it, and the folder flushed too so that the rename survives a crash. (root
/// editing a config that belongs to a user leaves it that user's, as an editor would.) Unlike <c>IO/AtomicFile</c> (which writes fresh outputs and replaces a link rather
/// than following it) this edits the file a symlink points to, because VM configs are commonly linked into place
/// (<c>/etc/xen/auto/</c>) and replacing the link would silently detach the autostart entry.
/// </summary>
public static class AtomicReplace
{
    public static void Write(string path, byte[] content)
    {
        var target = Path.GetFullPath(path);
        var info = new FileInfo(target);
        if (info.LinkTarget is not null)
        {
            target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? target;
        }

        var dir = Path.GetDirectoryName(target) ?? ".";
        var mode = File.Exists(target) && !OperatingSystem.IsWindows()
            ? File.GetUnixFileMode(target)
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var owner = OperatingSystem.IsWindows() ? null : UnixNative.LStat(target, out _);
        var temp = Path.Combine(dir, $".{Path.GetFileName(target)}.cpupolicy.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                // Owner first: chown clears the setuid/setgid bits, which the mode below then puts back.
                if (owner is { } o && UnixNative.LStat(temp, out _) is { } created && (created.Uid != o.Uid || created.Gid != o.Gid)
                    && !UnixNative.ChangeOwner(temp, o.Uid, o.Gid, out var errno))
                {
                    throw new IOException($"cannot give the new file the owner {o.Uid}:{o.Gid} of the old one (errno {errno}); run as root or as the owner");
                }

                File.SetUnixFileMode(temp, mode); // the create mode went through the umask; keep the original's bits exactly
            }

            File.Move(temp, target, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                _ = UnixNative.SyncDirectory(dir, out _); // best effort: some file systems cannot fsync a folder
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DiagnosticException(DiagnosticCatalog.OutputNotWritable.Create(
                SourceSpan.WholeFile(path), $"`{path}` cannot be replaced: {e.Message}", "the file is unchanged"));
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
