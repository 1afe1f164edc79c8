using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Compiler.Output;

/// <summary>
/// Writes a successful compilation to an output directory: one file per profile and target (<c>P.xen.cfg</c>,
/// <c>P.xapi.txt</c>, <c>P.libvirt.xml</c>, <c>P.qemu.txt</c>, <c>P.kubevirt.yaml</c>) and <c>bundle.json</c>.
/// Everything is rendered in memory first and each file is written atomically, so an error never leaves a
/// half-written file.
/// </summary>
public static class OutputWriter
{
    public const string BundleFileName = "bundle.json";

    /// <summary>Writes the files and returns their paths in the order written.</summary>
    public static IReadOnlyList<string> Write(Compilation result, string outDir, string policyPath, HookSettings settings)
    {
        if (result.HasErrors)
        {
            throw new InvalidOperationException("refusing to write the output of a compilation with errors");
        }

        var files = result.Profiles
            .SelectMany(p => p.Artifacts)
            .Select(a => (Name: a.FileName, Text: EnsureNewline(a.Text)))
            .Append((Name: BundleFileName, Text: BundleWriter.ToText(BundleBuilder.Create(result, policyPath, settings))))
            .ToList();
        var written = new List<string>();
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(outDir, name);
            AtomicFile.WriteAllText(path, text);
            written.Add(path);
        }

        return written;
    }

    private static string EnsureNewline(string text) => text.EndsWith('\n') ? text : text + "\n";
}
