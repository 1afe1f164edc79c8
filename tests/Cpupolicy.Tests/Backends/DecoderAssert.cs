using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Tests.Backends;

/// <summary>Asserts that a decoder rejects an artifact with a given code, and that the message names the culprit.</summary>
public static class DecoderAssert
{
    public static Diagnostic Rejects(IBackend backend, string artifact, string code, string? named = null, TargetOptions? options = null)
    {
        var e = Assert.Throws<DiagnosticException>(() => backend.Decode(artifact, options ?? TargetOptions.Defaults(backend.Name), "test"));
        Assert.Equal(code, e.Diagnostic.Code);
        if (named is not null)
        {
            Assert.Contains(named, e.Diagnostic.Message, StringComparison.Ordinal);
        }

        return e.Diagnostic;
    }
}
