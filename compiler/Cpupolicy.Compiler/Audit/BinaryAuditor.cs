using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// Audits ELF binaries: reads each file (bounded by <see cref="MaxFileBytes"/>), checks its headers, reads its ISA
/// notes and decodes its code. Files are independent: a failure becomes that file's <see cref="BinaryAudit.Error"/>
/// and the next file is audited all the same.
/// </summary>
public sealed class BinaryAuditor
{
    /// <summary>The largest file read (it is held in memory whole); far above any real program or library.</summary>
    public const long MaxFileBytes = 1L << 30;

    private static readonly Lazy<BinaryAuditor> DefaultLazy = new(() => new BinaryAuditor(ModelDatabase.Default, InstructionScanner.Default));

    private readonly ModelDatabase models;
    private readonly InstructionScanner scanner;

    public BinaryAuditor(ModelDatabase models, InstructionScanner scanner)
    {
        this.models = models;
        this.scanner = scanner;
    }

    public static BinaryAuditor Default => DefaultLazy.Value;

    /// <summary>Every file the paths name (directories walked), in order.</summary>
    public IReadOnlyList<BinaryAudit> AuditAll(IEnumerable<string> paths) =>
        AuditInputs.Expand(paths).Select(i => i.Error is { } e ? BinaryAudit.Failure(i.Path, e) : AuditFile(i.Path)).ToList();

    /// <summary>One file. Never throws: a bug shows as <see cref="DiagnosticCatalog.AuditInternalFailure"/> for this file only.</summary>
    public BinaryAudit AuditFile(string path)
    {
        try
        {
            return AuditBytes(ReadFile(path), path);
        }
        catch (DiagnosticException e)
        {
            return BinaryAudit.Failure(path, e.Diagnostic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return BinaryAudit.Failure(path, DiagnosticCatalog.FileUnreadable.Create(SourceSpan.WholeFile(path), $"`{path}` cannot be read: {e.Message}"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return BinaryAudit.Failure(path, DiagnosticCatalog.AuditInternalFailure.Create(
                SourceSpan.WholeFile(path),
                $"internal failure ({e.GetType().Name}) while auditing `{path}`: {e.Message}",
                "this is a bug in cpupolicy; please report it with the file"));
        }
    }

    /// <summary>A file already in memory. Malformed input gives an error, never an exception.</summary>
    public BinaryAudit AuditBytes(byte[] data, string path)
    {
        if (!ElfReader.TryRead(data, path, out var image, out var error))
        {
            return BinaryAudit.Failure(path, error);
        }

        var properties = GnuPropertyReader.Read(image);
        var span = SourceSpan.WholeFile(path);
        var warnings = image.Warnings.Select(w => DiagnosticCatalog.AuditOddLayout.Create(span, w))
            .Concat(properties.Problems.Select(p => DiagnosticCatalog.AuditMalformedNote.Create(span, p)))
            .ToList();
        return new BinaryAudit
        {
            Path = path,
            Machine = image.MachineName,
            FileType = image.FileTypeName,
            Declaration = IsaDeclaration.From(properties, models),
            Code = scanner.Scan(image),
            Warnings = warnings,
        };
    }

    private static byte[] ReadFile(string path)
    {
        var span = SourceSpan.WholeFile(path);
        var info = new FileInfo(path);
        if (Directory.Exists(path))
        {
            throw new DiagnosticException(DiagnosticCatalog.AuditNotRegularFile.Create(span, $"`{path}` is a directory"));
        }

        if (!info.Exists)
        {
            throw new DiagnosticException(DiagnosticCatalog.FileNotFound.Create(span, $"`{path}` does not exist"));
        }

        // Checked before opening: a FIFO would block the open, and devices report no size.
        if (info.Length == 0)
        {
            throw new DiagnosticException(DiagnosticCatalog.AuditNotRegularFile.Create(
                span, $"`{path}` is empty or not a regular file (a device, FIFO or socket)"));
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = RandomAccess.GetLength(handle);
        if (length > MaxFileBytes)
        {
            throw new DiagnosticException(DiagnosticCatalog.FileTooLarge.Create(
                span, $"`{path}` is {length / (1024 * 1024)} MiB, more than the {MaxFileBytes / (1024 * 1024)} MiB limit"));
        }

        var data = new byte[length];
        var read = 0;
        while (read < data.Length)
        {
            var n = RandomAccess.Read(handle, data.AsSpan(read), read);
            if (n == 0)
            {
                // The file shrank while being read: audit what is there (the reader reports truncation).
                return data[..read];
            }

            read += n;
        }

        return data;
    }
}
