using Cpupolicy.Hooks;

namespace Cpupolicy.Hook;

/// <summary>
/// <c>cpupolicy-hook</c>: the hook entry points without System.CommandLine and the rest of the CLI, for a faster
/// start at every VM start. The same arguments as <c>cpupolicy hook libvirt [--] NAME OPERATION SUBOPERATION EXTRA</c>
/// and <c>cpupolicy hook xapi -vmuuid UUID -reason REASON</c> (so an installed launcher can run either), plus
/// <c>hook bundle-version</c> (which <c>cpupolicy hook check</c> asks), and the same
/// code (<see cref="HookProcess"/>); <c>HookEntryTests</c> checks that both give the same bytes and exit codes.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var rest = args.AsSpan();
        if (rest.Length > 0 && rest[0] == "hook")
        {
            rest = rest[1..];
        }

        if (rest.Length == 1 && rest[0] == "bundle-version")
        {
            Console.Out.WriteLine(HookProcess.BundleVersion);
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
                using var stdout = Console.OpenStandardOutput();
                return HookProcess.RunLibvirt(rest[0], rest[1], rest[2], Console.OpenStandardInput, stdout, Console.Error, Environment.GetEnvironmentVariable);
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
                using var stdout = Console.OpenStandardOutput();
                return HookProcess.RunXapi(uuid, reason, stdout, Console.Error, Environment.GetEnvironmentVariable);
            }
        }

        Console.Error.WriteLine("usage: cpupolicy-hook hook libvirt [--] NAME OPERATION SUBOPERATION EXTRA");
        Console.Error.WriteLine("       cpupolicy-hook hook xapi -vmuuid UUID -reason REASON [-vmdomid N]");
        Console.Error.WriteLine("       cpupolicy-hook hook bundle-version");
        return 2;
    }
}
