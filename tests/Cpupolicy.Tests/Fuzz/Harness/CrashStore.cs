using System.Security.Cryptography;
using System.Text;

namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>
/// Writes failing inputs to <c>fuzz/crashes/&lt;target&gt;/&lt;hash&gt;</c> (the input's bytes, or a generator
/// seed) with <c>&lt;hash&gt;.txt</c> beside it (what failed, and the exception). It also keeps the input being run in
/// <c>inflight-&lt;pid&gt;</c>: a stack overflow kills the process before anything can be caught, and the next run reports the
/// input it finds there.
/// </summary>
public sealed class CrashStore(FuzzPaths paths, string target)
{
    private readonly string dir = paths.CrashDir(target);

    /// <summary>Per process, so a short run under xunit and a long run of the same target can share the folder.</summary>
    private string InFlightPath => Path.Combine(dir, $"inflight-{Environment.ProcessId}");

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

    /// <summary>Inputs that runs which have since died were executing, saved as crashes; the paths they were saved as.</summary>
    public IReadOnlyList<string> RecoverInFlight()
    {
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var saved = new List<string>();
        foreach (var file in Directory.EnumerateFiles(dir, "inflight-*"))
        {
            if (int.TryParse(Path.GetFileName(file)["inflight-".Length..], System.Globalization.CultureInfo.InvariantCulture, out var pid) && IsAlive(pid))
            {
                continue;
            }

            var input = File.ReadAllBytes(file);
            File.Delete(file);
            saved.Add(Save(input, "the fuzzer process died while running this input (stack overflow, out of memory or killed)"));
        }

        return saved;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
