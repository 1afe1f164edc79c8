using System.Security.Cryptography;
using System.Text;

namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>
/// Writes failing inputs to <c>fuzz/crashes/&lt;target&gt;/&lt;hash&gt;</c> (the input's bytes, or a generator
/// seed) with <c>&lt;hash&gt;.txt</c> beside it (what failed, and the exception). It also keeps the input being run in
/// <c>inflight</c>: a stack overflow kills the process before anything can be caught, and the next run reports the
/// input it finds there.
/// </summary>
public sealed class CrashStore(FuzzPaths paths, string target)
{
    private readonly string dir = paths.CrashDir(target);

    private string InFlightPath => Path.Combine(dir, "inflight");

    public static string Hash(byte[] input) => Convert.ToHexStringLower(SHA256.HashData(input))[..16];

    public string Save(byte[] input, string description)
    {
        Directory.CreateDirectory(dir);
        var hash = Hash(input);
        var path = Path.Combine(dir, hash);
        File.WriteAllBytes(path, input);
        File.WriteAllText(path + ".txt", description + "\n", Encoding.UTF8);
        return path;
    }

    public void MarkInFlight(byte[] input)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(InFlightPath, input);
    }

    public void ClearInFlight()
    {
        if (File.Exists(InFlightPath))
        {
            File.Delete(InFlightPath);
        }
    }

    /// <summary>An input a previous run was executing when its process died, saved as a crash; null when none.</summary>
    public string? RecoverInFlight()
    {
        if (!File.Exists(InFlightPath))
        {
            return null;
        }

        var input = File.ReadAllBytes(InFlightPath);
        File.Delete(InFlightPath);
        return Save(input, "the fuzzer process died while running this input (stack overflow, out of memory or killed)");
    }
}
