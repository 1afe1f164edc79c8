using System.Diagnostics;
using System.Text.Json.Nodes;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// tests/oracles/libxl_cpuid_parse.c, compiled once per test class against the installed libxenlight: it feeds an
/// xl.cfg cpuid value to libxl's own parser and prints the policy libxl would apply.
/// </summary>
public sealed class LibxlOracle : IDisposable
{
    private readonly Lazy<string> binary = new(Build);

    /// <summary>The policy libxl makes of the items: (leaf, subleaf or null, register or "msr") → characters, bit 31 (63) first.</summary>
    public Dictionary<(uint Leaf, uint? Subleaf, string Register), string> Parse(string form, IEnumerable<string> items)
    {
        var info = new ProcessStartInfo(binary.Value) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(form);
        foreach (var item in items)
        {
            info.ArgumentList.Add(item);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"libxl rejected the artifact: {stderr}");
        var json = JsonNode.Parse(stdout)!;
        var result = new Dictionary<(uint, uint?, string), string>();
        foreach (var leaf in json["cpuid"]!.AsArray())
        {
            var key = (leaf!["leaf"]!.GetValue<uint>(), leaf["subleaf"]?.GetValue<uint>());
            foreach (var register in new[] { "eax", "ebx", "ecx", "edx" })
            {
                if (leaf[register] is { } bits)
                {
                    result[(key.Item1, key.Item2, register)] = bits.GetValue<string>();
                }
            }
        }

        foreach (var msr in json["msr"]!.AsArray())
        {
            result[(msr!["index"]!.GetValue<uint>(), null, "msr")] = msr["policy"]!.GetValue<string>();
        }

        return result;
    }

    public void Dispose()
    {
        if (binary.IsValueCreated)
        {
            Directory.Delete(Path.GetDirectoryName(binary.Value)!, recursive: true);
        }
    }

    private static string Build()
    {
        var gcc = Peers.RequireExecutable("gcc");
        Peers.RequireOrSkip(File.Exists("/usr/include/libxl.h") && File.Exists("/usr/include/yajl/yajl_gen.h"),
            "libxenlight/yajl headers were not found (packages libxen-dev, libyajl-dev)");
        var dir = Directory.CreateTempSubdirectory("cpupolicy-libxl-").FullName;
        var output = Path.Combine(dir, "libxl_cpuid_parse");
        var source = Path.Combine(SharedData.RepoRoot, "tests", "oracles", "libxl_cpuid_parse.c");
        var info = new ProcessStartInfo(gcc, ["-O2", "-Wall", "-o", output, source, "-lxenlight", "-lyajl"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"cannot build the libxl oracle: {errors}");
        return output;
    }
}
