using System.Text;
using Cpupolicy.Policy.Diagnostics;

namespace Cpupolicy.Compiler.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content, never a partial file:
/// write a temp file in the same directory, flush it to disk, rename over the target, then flush the directory. A
/// symlink at the target is replaced by a regular file, never followed (so a hostile link cannot redirect our output).
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string content) => WriteAllBytes(path, Utf8NoBom.GetBytes(content));

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>; a path that cannot be written is CP0004, never an internal failure.</summary>
    public static void WriteAllBytes(string path, byte[] content)
    {
        try
        {
            Write(path, content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // e.g. `compile --out` naming a file, a read-only folder, a full disk (found by the hostile-input tests).
            throw new DiagnosticException(DiagnosticCatalog.OutputNotWritable.Create(
                SourceSpan.WholeFile(path), $"`{path}` cannot be written: {e.Message}", "check that the output folder is a folder you can write to"));
        }
    }

    private static void Write(string path, byte[] content)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                _ = UnixNative.SyncDirectory(dir, out _); // the rename survives a crash; best effort (not every file system can)
            }
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
