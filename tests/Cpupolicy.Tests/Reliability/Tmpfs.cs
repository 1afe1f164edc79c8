using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Reliability;

/// <summary>
/// A small tmpfs mounted on a fresh folder (the tests run as root), to make a full disk or a read-only file system
/// for real; unmounted on dispose. <see cref="TryMount"/> returns null where mounting is not allowed.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class Tmpfs : IDisposable
{
    private Tmpfs(string dir) => Dir = dir;

    public string Dir { get; }

    public static Tmpfs? TryMount(string dir, int kib)
    {
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        return Run("mount", "-t", "tmpfs", "-o", $"size={kib}k,mode=0755", "tmpfs", dir) == 0 ? new Tmpfs(dir) : null;
    }

    /// <summary>Fills the file system up to its last byte with one file.</summary>
    public void Fill()
    {
        // Unbuffered, so that nothing is left to flush (and fail) when the stream closes.
        using var filler = new FileStream(System.IO.Path.Combine(Dir, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }

        try
        {
            // Pages may remain: fill them byte by byte.
            while (true)
            {
                filler.WriteByte(0);
            }
        }
        catch (IOException)
        {
            // full to the byte.
        }
    }

    public void RemountReadOnly() => Assert.Equal(0, Run("mount", "-o", "remount,ro", Dir));

    public void Dispose()
    {
        if (Run("umount", Dir) != 0)
        {
            _ = Run("umount", "-l", Dir);
        }
    }

    private static int Run(string program, params string[] args)
    {
        try
        {
            return ChildProcess.Peer(program, args).ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 127;
        }
    }
}
