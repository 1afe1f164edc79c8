using System.Text;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>
/// Outcome signatures: what kind of result an input reached, with the user's text taken out of messages (backticked
/// names, numbers), so that "a new signature" means a new path through the code rather than a new spelling. With no
/// coverage instrumentation for .NET here, this is the fuzzer's only feedback (see fuzz/README.md).
/// </summary>
public static class Outcome
{
    public const string Ok = "ok";

    public static string Of(Diagnostic diagnostic) => $"{diagnostic.Code}:{Shape(diagnostic.Message)}";

    public static string Of(IEnumerable<Diagnostic> diagnostics)
    {
        var codes = diagnostics.Select(d => d.Code).Distinct().Order(StringComparer.Ordinal).ToList();
        return codes.Count == 0 ? Ok : string.Join(",", codes);
    }

    /// <summary>A message with quoted text and digits blanked.</summary>
    public static string Shape(string message)
    {
        var shape = new StringBuilder(Math.Min(message.Length, 80));
        var quoted = false;
        foreach (var c in message)
        {
            if (shape.Length >= 80)
            {
                break;
            }

            if (c == '`')
            {
                quoted = !quoted;
                shape.Append('`');
            }
            else if (!quoted)
            {
                shape.Append(char.IsAsciiDigit(c) ? '#' : c);
            }
        }

        return shape.ToString();
    }

    /// <summary>Fails the property when a diagnostic does not name the input it is about.</summary>
    public static void RequireNamesFile(Diagnostic diagnostic, string path)
    {
        if (diagnostic.Span.File != path)
        {
            throw new FuzzPropertyException($"diagnostic {diagnostic.Code} names `{diagnostic.Span.File}`, not the input `{path}`: {diagnostic}");
        }
    }

    /// <summary>Fails the property for the catch-all "internal failure" codes: each one is a bug reached by input.</summary>
    public static void RequireNotInternal(Diagnostic diagnostic)
    {
        if (diagnostic.Code == DiagnosticCatalog.InternalError.Code || diagnostic.Code == DiagnosticCatalog.AuditInternalFailure.Code)
        {
            throw new FuzzPropertyException($"internal-failure diagnostic: {diagnostic}");
        }
    }
}
