using System.Reflection;
using System.Text;
using Cpupolicy.Hooks;
using Microsoft.Win32.SafeHandles;

namespace Cpupolicy.Hook;

/// <summary>
/// <c>cpupolicy-hook</c>: the hook entry points without System.CommandLine and the rest of the CLI, for a faster
/// start at every VM start. The same arguments as <c>cpupolicy hook libvirt [--] NAME OPERATION SUBOPERATION EXTRA</c>
/// and <c>cpupolicy hook xapi -vmuuid UUID -reason REASON</c> (so an installed launcher can run either), plus
/// <c>hook bundle-version</c> (which <c>cpupolicy hook check</c> asks), and the same
/// code (<see cref="HookProcess"/>); <c>HookEntryTests</c> checks that both give the same bytes and exit codes.
/// <c>--version</c> prints the same version line as <c>cpupolicy --version</c>.
/// <para>
/// It writes to and reads from its file descriptors 0, 1 and 2 directly rather than through <see cref="Console"/>:
/// the first write through Console's streams sets up terminal and signal handling on a thread of its own, start-up
/// work that a hook, whose output is a pipe, never needs (bench/RESULTS.md, "hook").
/// </para>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var rest = args.AsSpan();
        if (rest.Length == 1 && rest[0] == "--version")
        {
            using var output = Writer(1);
            output.Write((typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown") + "\n");
            return 0;
        }

        if (rest.Length > 0 && rest[0] == "hook")
        {
            rest = rest[1..];
        }

        if (rest.Length == 1 && rest[0] == "bundle-version")
        {
            using var output = Writer(1);
            output.Write(HookProcess.BundleVersion + "\n");
            return 0;
        }

        if (rest.Length > 0 && rest[0] == "libvirt")
        {
            rest = rest[1..];
            if (rest.Length > 0 && rest[0] == "--")
            {
                rest = rest[1..];
            }

            if (rest.Length >= 3)
            {
                using var stdout = Descriptor(1, FileAccess.Write);
                using var stderr = Writer(2);
                return HookProcess.RunLibvirt(rest[0], rest[1], rest[2], () => Descriptor(0, FileAccess.Read), stdout, stderr, Environment.GetEnvironmentVariable);
            }
        }
        else if (rest.Length > 0 && rest[0] == "xapi")
        {
            string? uuid = null, reason = "none";
            for (var i = 1; i + 1 < rest.Length; i += 2)
            {
                switch (rest[i])
                {
                    case "-vmuuid":
                        uuid = rest[i + 1];
                        break;
                    case "-reason":
                        reason = rest[i + 1];
                        break;
                }
            }

            if (uuid is not null)
            {
                using var stdout = Descriptor(1, FileAccess.Write);
                using var stderr = Writer(2);
                return HookProcess.RunXapi(uuid, reason, stdout, stderr, Environment.GetEnvironmentVariable);
            }
        }

        using var usage = Writer(2);
        usage.Write("""
            usage: cpupolicy-hook hook libvirt [--] NAME OPERATION SUBOPERATION EXTRA
                   cpupolicy-hook hook xapi -vmuuid UUID -reason REASON [-vmdomid N]
                   cpupolicy-hook hook bundle-version
                   cpupolicy-hook --version

            """);
        return 2;
    }

    /// <summary>A stream over an inherited file descriptor, left open on dispose; an empty stream when it is closed.</summary>
    private static Stream Descriptor(int fd, FileAccess access)
    {
        try
        {
            return new FileStream(new SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or ObjectDisposedException)
        {
            return Stream.Null;
        }
    }

    /// <summary>UTF-8 text (no BOM, LF) to a file descriptor, flushed at each write as Console.Error is.</summary>
    private static StreamWriter Writer(int fd) => new(Descriptor(fd, FileAccess.Write), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
}
