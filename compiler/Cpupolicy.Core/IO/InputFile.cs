using System.Text;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.IO;

/// <summary>
/// Reads a user-supplied text file (or stdin for <c>-</c>) with a size limit and strict UTF-8, turning every
/// failure into a coded diagnostic that names the file.
/// </summary>
public static class InputFile
{
    /// <summary>Upper bound for any text input: far above any real inventory, policy or domain XML.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    public static string ReadText(string path, TextReader? stdin = null)
    {
        byte[] bytes;
        try
        {
            if (path == "-")
            {
                var text = (stdin ?? Console.In).ReadToEnd();
                if (text.Length > MaxBytes)
                {
                    throw Fail(DiagnosticCatalog.FileTooLarge, "<stdin>", $"standard input is larger than {MaxBytes / (1024 * 1024)} MiB");
                }

                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    throw Fail(DiagnosticCatalog.FileUnreadable, "<stdin>", "standard input has a NUL byte: binary data, not text", "is this a binary file?");
                }

                return text;
            }

            var info = new FileInfo(path);
            if (!info.Exists && Directory.Exists(path))
            {
                throw Fail(DiagnosticCatalog.InputIsDirectory, path, $"`{path}` is a directory, not a file", "give a file in it (`host` and `baseline` read every file of a directory given to them)");
            }

            if (!info.Exists)
            {
                throw Fail(DiagnosticCatalog.FileNotFound, path, $"`{path}` does not exist", "check the path; relative paths are relative to the current directory (or to the policy file for paths inside a policy)");
            }

            if (info.Length > MaxBytes)
            {
                throw Fail(DiagnosticCatalog.FileTooLarge, path, $"`{path}` is {info.Length / (1024 * 1024)} MiB, more than the {MaxBytes / (1024 * 1024)} MiB limit");
            }

            bytes = ReadBounded(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // ArgumentException: a path no file can have, e.g. `host h from "a<NUL>b"` in a policy read from stdin
            // (found by the fuzzer: compile exited 4).
            throw Fail(DiagnosticCatalog.FileUnreadable, path, $"`{path.Replace("\0", "\\0", StringComparison.Ordinal)}` cannot be read: {e.Message}");
        }

        // No text format cpupolicy reads (policy, XML, YAML/JSON, /proc/cpuinfo, cpuid dumps, xl configs) has NUL
        // bytes; a reader that skipped them would decode part of a binary file as a host (found by the hostile tests).
        if (bytes.AsSpan().IndexOf((byte)0) is var nul and >= 0)
        {
            throw Fail(DiagnosticCatalog.FileUnreadable, path, $"`{path}` has a NUL byte at byte offset {nul}: binary data, not text", "is this a binary file?");
        }

        try
        {
            var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            var text = strict.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException e)
        {
            throw Fail(DiagnosticCatalog.FileUnreadable, path, $"`{path}` is not valid UTF-8 text (byte offset {e.Index})", "is this a binary file?");
        }
    }

    /// <summary>
    /// Reads at most <see cref="MaxBytes"/> bytes. The length check above is not enough: a device or a /proc file
    /// reports length 0 and may never end (`cpupolicy host /dev/zero` ran out of memory; found by the hostile-input
    /// tests), so the limit is enforced on what is actually read.
    /// </summary>
    private static byte[] ReadBounded(string path) =>
        ReadAtMost(path, MaxBytes)
        ?? throw Fail(DiagnosticCatalog.FileTooLarge, path, $"`{path}` is more than the {MaxBytes / (1024 * 1024)} MiB limit (it did not end within it: a device or an endless stream?)");

    /// <summary>
    /// The bytes of a file, at most <paramref name="maxBytes"/> whatever the file claims to be (a FIFO or /dev/zero has
    /// no length); a missing, unreadable or larger file is a coded diagnostic naming it, <paramref name="tooLargeWhy"/>
    /// saying what such a file usually holds.
    /// </summary>
    public static byte[] ReadBytes(string path, long maxBytes, string tooLargeWhy)
    {
        try
        {
            if (!File.Exists(path))
            {
                throw Fail(DiagnosticCatalog.FileNotFound, path, $"`{path}` does not exist");
            }

            return ReadAtMost(path, maxBytes)
                ?? throw Fail(DiagnosticCatalog.FileTooLarge, path, $"`{path}` is more than {maxBytes} bytes; {tooLargeWhy}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(DiagnosticCatalog.FileUnreadable, path, $"`{path}` cannot be read: {e.Message}");
        }
    }

    /// <summary>
    /// The bytes of a file, or null when it has more than <paramref name="maxBytes"/>: reads at most that much, whatever
    /// length the file claims (devices and /proc files claim 0). IO errors are the caller's to turn into diagnostics.
    /// </summary>
    public static byte[]? ReadAtMost(string path, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        // A regular file states its length: read exactly that into an array of that size (a fleet baseline reads 1,000
        // host files of a few KB; growing a MemoryStream and copying it out was a tenth of its time), then check that
        // nothing follows. A device, pipe or /proc file states 0, and a file that grew since it was measured has more:
        // both go through the bounded chunked read below.
        var stated = stream.CanSeek ? stream.Length : 0;
        if (stated is > 0 && stated <= maxBytes && stated < Array.MaxLength)
        {
            var exact = GC.AllocateUninitializedArray<byte>((int)stated);
            var filled = 0;
            int got;
            while (filled < exact.Length && (got = stream.Read(exact, filled, exact.Length - filled)) > 0)
            {
                filled += got;
            }

            Span<byte> probe = stackalloc byte[1];
            if (filled == exact.Length && stream.Read(probe) == 0)
            {
                return exact;
            }

            return ReadRest(stream, exact.AsSpan(0, filled), maxBytes);
        }

        return ReadRest(stream, [], maxBytes);
    }

    /// <summary>The bytes already read, then the rest of the stream in chunks, or null past <paramref name="maxBytes"/>.</summary>
    private static byte[]? ReadRest(Stream stream, ReadOnlySpan<byte> start, long maxBytes)
    {
        using var buffer = new MemoryStream();
        buffer.Write(start);
        if (stream.CanSeek)
        {
            stream.Seek(start.Length, SeekOrigin.Begin); // past the one byte the caller read to see whether the file ended
        }

        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static DiagnosticException Fail(DiagnosticDescriptor d, string path, string message, string? hint = null) =>
        new(d.Create(SourceSpan.WholeFile(path), message, hint));
}
