using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Cpupolicy.Compiler.Backends.KubeVirt;

/// <summary>
/// Loads YAML that may be hostile: nesting is bounded before the tree is built (YamlDotNet's tree builder recurses),
/// and every YAML error becomes a CP0501 at its line and column.
/// </summary>
public static class KubeVirtYaml
{
    /// <summary>Far deeper than a VirtualMachine manifest nests (spec.template.spec.domain.cpu.features[].name is 7).</summary>
    public const int MaxDepth = 64;

    public static YamlStream Load(string text, string source)
    {
        ArtifactErrors.CheckSize(text, source);
        try
        {
            var parser = new Parser(new StringReader(text));
            var depth = 0;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
                                At(source, parser.Current.Start), $"the YAML nests deeper than {MaxDepth} levels", null));
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias alias:
                        // An alias used as a mapping key that refers to its own mapping sends YamlDotNet's node equality
                        // into endless recursion, a stack overflow that kills the process (found by the fuzzer). No
                        // KubeVirt artifact uses aliases, so they are refused before the tree is built.
                        throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
                            At(source, alias.Start), $"YAML alias `*{alias.Value}` is not accepted", "write the artifact out in full (cpupolicy and kubectl never emit aliases)"));
                }
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream;
        }
        catch (YamlException e)
        {
            throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
                At(source, e.Start), $"not valid YAML: {e.Message}", "the KubeVirt artifact is the YAML of spec.domain.cpu"));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet 16's scanner throws InvalidOperationException on some malformed input (e.g. a stray `[` run
            // before `?`), and YamlStream.Load an ArgumentException ("unsupported type" of event) on others: still
            // syntax errors of the input, not faults of ours.
            throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
                SourceSpan.WholeFile(source), $"not valid YAML ({e.Message})", "the KubeVirt artifact is the YAML of spec.domain.cpu"));
        }
    }

    public static SourceSpan At(string source, Mark mark) =>
        mark.Line > 0 ? SourceSpan.At(source, (int)mark.Line, (int)mark.Column) : SourceSpan.WholeFile(source);
}
