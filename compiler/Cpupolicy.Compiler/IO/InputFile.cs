using System.Text;
using Cpupolicy.Policy.Diagnostics;

namespace Cpupolicy.Compiler.IO;

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

                return text;
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw Fail(DiagnosticCatalog.FileNotFound, path, $"`{path}` does not exist", "check the path; relative paths are relative to the current directory (or to the policy file for paths inside a policy)");
            }

            if (info.Length > MaxBytes)
            {
                throw Fail(DiagnosticCatalog.FileTooLarge, path, $"`{path}` is {info.Length / (1024 * 1024)} MiB, more than the {MaxBytes / (1024 * 1024)} MiB limit");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(DiagnosticCatalog.FileUnreadable, path, $"`{path}` cannot be read: {e.Message}");
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

    private static DiagnosticException Fail(DiagnosticDescriptor d, string path, string message, string? hint = null) =>
        new(d.Create(SourceSpan.WholeFile(path), message, hint));
}
