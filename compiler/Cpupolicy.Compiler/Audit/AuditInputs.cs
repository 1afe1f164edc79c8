using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// Turns the command line's paths into the files to audit. A named file is audited whatever it is (so a non-ELF file
/// gets a clear error); a directory is walked for regular files that start with the ELF magic, in name order. Symbolic
/// links are followed but a file or directory reached twice is read once, so link loops end, and
/// <see cref="MaxDepth"/> bounds the walk whatever the links do.
/// </summary>
public static class AuditInputs
{
    public const int MaxDepth = 64;

    public static IReadOnlyList<AuditInput> Expand(IEnumerable<string> paths)
    {
        var result = new List<AuditInput>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                result.Add(new AuditInput(path, DiagnosticCatalog.AuditNotRegularFile.Create(
                    SourceSpan.WholeFile("<stdin>"),
                    "binaries are read from files, not from standard input",
                    "save the binary to a file and audit that")));
            }
            else if (Directory.Exists(path))
            {
                result.AddRange(FromDirectory(path));
            }
            else if (File.Exists(path))
            {
                result.Add(new AuditInput(path));
            }
            else
            {
                result.Add(new AuditInput(path, DiagnosticCatalog.FileNotFound.Create(SourceSpan.WholeFile(path), $"`{path}` does not exist")));
            }
        }

        return result;
    }

    private static List<AuditInput> FromDirectory(string root)
    {
        var walk = new Walk();
        var info = new DirectoryInfo(root);
        walk.Visit(info, Resolve(info) ?? Path.GetFullPath(root), root, depth: 0);
        return walk.Found.Values.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => f.Input).Concat(walk.Errors).ToList();
    }

    /// <summary>The final target of a link (as an absolute path), the path itself when it is no link, null when dangling or looping.</summary>
    private static string? Resolve(FileSystemInfo entry)
    {
        try
        {
            if (entry.LinkTarget is null)
            {
                return Path.GetFullPath(entry.FullName);
            }

            var target = entry.ResolveLinkTarget(returnFinalTarget: true);
            return target is { Exists: true } ? Path.GetFullPath(target.FullName) : null;
        }
        catch (IOException)
        {
            // Too many levels of links: a loop of file links.
            return null;
        }
    }

    private static bool StartsWithElfMagic(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Span<byte> head = stackalloc byte[4];
            return RandomAccess.Read(handle, head, 0) == 4 && ElfReader.HasElfMagic(head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: keep it, so that the audit says so instead of skipping it silently.
            return true;
        }
    }

    /// <summary>The state of one directory walk: directories seen (by real path), files found (by real path).</summary>
    private sealed class Walk
    {
        private readonly HashSet<string> visited = new(StringComparer.Ordinal);

        public Dictionary<string, (string Path, bool ViaLink, AuditInput Input)> Found { get; } = new(StringComparer.Ordinal);

        public List<AuditInput> Errors { get; } = [];

        public void Visit(DirectoryInfo dir, string real, string shown, int depth)
        {
            if (depth > MaxDepth || !visited.Add(real))
            {
                return;
            }

            List<FileSystemInfo> entries;
            try
            {
                entries = dir.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Errors.Add(new AuditInput(shown, DiagnosticCatalog.FileUnreadable.Create(SourceSpan.WholeFile(shown), $"directory `{shown}` cannot be read: {e.Message}")));
                return;
            }

            foreach (var entry in entries)
            {
                var path = Path.Combine(shown, entry.Name);
                var viaLink = entry.LinkTarget is not null;
                var target = viaLink ? Resolve(entry) : Path.Combine(real, entry.Name);
                if (target is null)
                {
                    continue;
                }

                if (Directory.Exists(target))
                {
                    Visit(new DirectoryInfo(path), target, path, depth + 1);
                    continue;
                }

                // Devices, FIFOs and sockets have no size (and opening a FIFO would wait for a writer): skip them.
                var file = new FileInfo(target);
                if (!file.Exists || file.Length < 4 || !StartsWithElfMagic(target))
                {
                    continue;
                }

                // A library and its soname links are one file: keep one path for it, preferring the real name.
                if (!Found.TryGetValue(target, out var seen) || (seen.ViaLink && !viaLink))
                {
                    Found[target] = (path, viaLink, new AuditInput(path));
                }
            }
        }
    }
}
