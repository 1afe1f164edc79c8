namespace Cpupolicy.Tests.Infrastructure;

/// <summary>
/// The real peers (QEMU, libvirt, libxenlight, xen-cpuid, gcc, objdump) that integration tests drive.
/// A missing peer fails the test when <c>CI</c> is set (the test command installs them) and skips it with a
/// message otherwise.
/// </summary>
public static class Peers
{
    public static bool InCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Skips (outside CI) or fails (in CI) the running test unless <paramref name="available"/>.</summary>
    public static void RequireOrSkip(bool available, string what)
    {
        if (available)
        {
            return;
        }

        Assert.False(InCi, $"{what}; CI must have it (run scripts/install-peers.sh)");
        Skip.If(true, $"{what}; install it with scripts/install-peers.sh to run this test");
    }

    /// <summary>The full path of an executable on PATH (or an absolute path), skipping/failing when absent.</summary>
    public static string RequireExecutable(string name)
    {
        var path = FindExecutable(name);
        RequireOrSkip(path is not null, $"`{name}` was not found");
        return path!;
    }

    public static string? FindExecutable(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/lib/xen-4.17/bin"]);
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    public static string RequireQemu() => RequireExecutable("qemu-system-x86_64");

    /// <summary>QEMU for aarch64 guests (Debian package qemu-system-arm).</summary>
    public static string RequireQemuAarch64() => RequireExecutable("qemu-system-aarch64");
}
