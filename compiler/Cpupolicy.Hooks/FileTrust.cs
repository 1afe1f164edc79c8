using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Hooks;

/// <summary>
/// Whether a file the hooks act on can be changed only by root, like sshd's StrictModes: the file and every folder
/// above it up to <c>/</c> must be owned by root (or, for a run that is not root, by the invoking user) and not
/// writable by group or others; a folder writable by others is allowed only with the sticky bit (<c>/tmp</c>).
/// Symlinks are followed component by component, as the kernel does: each link must itself be owned by a trusted
/// user and lie in a trusted folder, and its target's folders are checked in turn (so <c>/etc/cpupolicy</c> linked
/// to a user's folder fails on that folder). A path that does not exist, or that a non-root run cannot search, is
/// not a trust problem: the reader that comes next reports it. One lstat per component, no file is opened.
/// INVARIANT: only a trusted user can change anything this check passed, so nothing can change between the check and
/// the read that follows it.
/// </summary>
public static class FileTrust
{
    /// <summary>More links than Linux follows in one path (MAXSYMLINKS) is a loop.</summary>
    public const int MaxLinks = 40;

    /// <summary>
    /// A VM definition <c>cpupolicy apply</c> edits in place (by root, from the xl wrapper) must lie in folders only
    /// root (or the invoking user) can change, and not be writable by group or others; its own owner may be anyone and
    /// is kept. Throws CP0621 otherwise.
    /// </summary>
    public static void RequireTrustedEdit(string path)
    {
        if (!OperatingSystem.IsWindows() && Check(path, anyFileOwner: true) is { } problem)
        {
            throw new DiagnosticException(DiagnosticCatalog.VmConfigUntrusted.Create(
                SourceSpan.WholeFile(path),
                $"`{HookText.Clean(path, 300)}` not edited: {problem.Describe()}; cpupolicy edits a VM definition in place only when no one but root and its owner can change it"));
        }
    }

    /// <summary>
    /// The first problem on <paramref name="path"/>, or null when it is trusted (or missing).
    /// <paramref name="anyFileOwner"/>: the file itself may belong to anyone (a VM config edited in place keeps its
    /// owner), but still not be writable by group or others; its folders follow the full rule.
    /// </summary>
    public static TrustProblem? Check(string path, bool anyFileOwner = false) =>
        Check(path, UnixNative.EffectiveUid(), anyFileOwner);

    public static TrustProblem? Check(string path, uint runningAs, bool anyFileOwner = false)
    {
        var pending = new Stack<string>();
        Push(pending, Path.IsPathRooted(path) ? path : Path.Combine(Environment.CurrentDirectory, path));
        var current = "/";
        var root = UnixNative.LStat("/", out _);
        if (root is { } rootStatus && FolderProblem("/", rootStatus, runningAs) is { } atRoot)
        {
            return atRoot;
        }

        var links = 0;
        while (pending.TryPop(out var name))
        {
            if (name is "" or ".")
            {
                continue;
            }

            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = current == "/" ? "/" + name : current + "/" + name;
            if (UnixNative.LStat(next, out _) is not { } status)
            {
                return null;
            }

            if (status.IsSymbolicLink)
            {
                if (!Trusted(status.Uid, runningAs))
                {
                    return new TrustProblem(next, status, "is a link its owner could point anywhere", $"chown -h root {Quote(next)}");
                }

                if (++links > MaxLinks || new FileInfo(next).LinkTarget is not { Length: > 0 } target)
                {
                    return null; // a loop or an unreadable link: the read fails and says so
                }

                if (Path.IsPathRooted(target))
                {
                    current = "/";
                }

                Push(pending, target);
                continue;
            }

            var last = pending.All(p => p is "" or ".");
            if (!last)
            {
                if (!status.IsDirectory)
                {
                    return null;
                }

                if (FolderProblem(next, status, runningAs) is { } folder)
                {
                    return folder;
                }

                current = next;
                continue;
            }

            return FileProblem(next, status, runningAs, anyFileOwner);
        }

        return null;
    }

    /// <summary>Owners whose files a run may trust: root, and the invoking user when that is not root.</summary>
    public static bool Trusted(uint owner, uint runningAs) => owner == 0 || owner == runningAs;

    private static TrustProblem? FolderProblem(string path, UnixFileStatus status, uint runningAs)
    {
        var badOwner = !Trusted(status.Uid, runningAs);
        var writable = (status.GroupWritable || status.OthersWritable) && !status.Sticky;
        if (!badOwner && !writable)
        {
            return null;
        }

        var reason = badOwner && writable ? $"is owned by {Who(status.Uid)} and writable by {Writers(status)} without the sticky bit"
            : badOwner ? $"is owned by {Who(status.Uid)}, who could replace what it holds"
            : $"is writable by {Writers(status)} without the sticky bit, so they could replace what it holds";
        return new TrustProblem(path, status, reason, Fix(path, badOwner, writable, runningAs));
    }

    private static TrustProblem? FileProblem(string path, UnixFileStatus status, uint runningAs, bool anyOwner)
    {
        var badOwner = !anyOwner && !Trusted(status.Uid, runningAs);
        var writable = status.GroupWritable || status.OthersWritable;
        if (!badOwner && !writable)
        {
            return null;
        }

        var reason = badOwner && writable ? $"is owned by {Who(status.Uid)} and writable by {Writers(status)}"
            : badOwner ? $"is owned by {Who(status.Uid)}, who could change it"
            : $"is writable by {Writers(status)}";
        return new TrustProblem(path, status, reason, Fix(path, badOwner, writable, runningAs));
    }

    private static string Fix(string path, bool badOwner, bool writable, uint runningAs)
    {
        var chown = $"chown {(runningAs == 0 ? "root" : UserNames.NameOf(runningAs))} {Quote(path)}";
        var chmod = $"chmod go-w {Quote(path)}";
        return badOwner && writable ? $"{chown} && {chmod}" : badOwner ? chown : chmod;
    }

    private static string Who(uint uid) => UserNames.Of(uid);

    private static string Writers(UnixFileStatus status) =>
        status.GroupWritable && status.OthersWritable ? "group and others" : status.GroupWritable ? "its group" : "others";

    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ':' or '@') ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Pushes a path's components so that the first is popped first.</summary>
    private static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split('/');
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
