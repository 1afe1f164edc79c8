namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// What a child process did: exit code, raw stdout bytes, stderr text, how long it took, and its peak resident memory
/// (VmHWM, the kernel's high-water mark, last read just before it exited; 0 where /proc is not readable).
/// </summary>
public sealed record ProcessResult(int ExitCode, byte[] Stdout, string Stderr, TimeSpan Elapsed, long PeakKiB)
{
    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);
}
