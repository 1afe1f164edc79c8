namespace Cpupolicy.Core.IO;

/// <summary>
/// Reads a hook's standard input with a size cap and a time bound. Neither libvirt nor xenopsd puts a timeout on a
/// hook, so a writer that never closes the pipe, or one that sends gigabytes, must not hang the VM's start or eat the
/// host's memory: past <see cref="MaxBytes"/> the hook stops reading, past the deadline it stops waiting. A file
/// descriptor (what cpupolicy-hook reads: fd 0 as a <see cref="FileStream"/>) is waited on with poll(2) and read on
/// the calling thread; any other stream is read on a background thread, and a read still blocked at the deadline is
/// left behind there and dies with the process. (Starting a thread waits for it to run: under load that was most of
/// the native hook's time above a bash hook, bench/RESULTS.md, "hook".)
/// </summary>
public static class BoundedInput
{
    /// <summary>A domain XML is a few KiB; 16 MiB leaves room for thousands of devices and still bounds memory.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    public const string TimeoutVariable = "CPUPOLICY_INPUT_TIMEOUT";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The time bound: <c>CPUPOLICY_INPUT_TIMEOUT</c> seconds when set to a positive number, else 10 s.</summary>
    public static TimeSpan TimeoutFrom(Func<string, string?> env) =>
        double.TryParse(env(TimeoutVariable), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 && s < 3600
            ? TimeSpan.FromSeconds(s)
            : DefaultTimeout;

    public static BoundedRead Read(Stream input, int maxBytes, TimeSpan timeout) =>
        input is FileStream { SafeFileHandle: { IsInvalid: false, IsClosed: false } handle } && OperatingSystem.IsLinux()
            ? ReadDescriptor(input, (int)handle.DangerousGetHandle(), maxBytes, timeout)
            : ReadOnThread(input, maxBytes, timeout);

    private static BoundedRead ReadDescriptor(Stream input, int fd, int maxBytes, TimeSpan timeout)
    {
        const int EIntr = 4;
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var left = deadline - Environment.TickCount64;
            var errno = 0;
            var ready = left <= 0 ? 0 : UnixNative.PollReadable(fd, (int)Math.Min(left, int.MaxValue), out errno);
            if (ready < 0 && errno == EIntr)
            {
                continue;
            }

            if (ready == 0)
            {
                return TimedOut(timeout);
            }

            int n;
            try
            {
                n = ready < 0 ? throw new IOException($"poll failed (errno {errno})") : input.Read(chunk, 0, chunk.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                return Unreadable(e);
            }

            if (n == 0)
            {
                return new BoundedRead(buffer.ToArray(), null);
            }

            if (buffer.Length + n > maxBytes)
            {
                return TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, n);
        }
    }

    private static BoundedRead ReadOnThread(Stream input, int maxBytes, TimeSpan timeout)
    {
        var buffer = new MemoryStream();
        var reader = Task.Factory.StartNew(
            () =>
            {
                var chunk = new byte[64 * 1024];
                while (true)
                {
                    var n = input.Read(chunk, 0, chunk.Length);
                    if (n == 0)
                    {
                        return true;
                    }

                    if (buffer.Length + n > maxBytes)
                    {
                        return false;
                    }

                    buffer.Write(chunk, 0, n);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            if (!reader.Wait(timeout))
            {
                return TimedOut(timeout);
            }
        }
        catch (AggregateException e)
        {
            return Unreadable(e.InnerException);
        }

        return reader.Result ? new BoundedRead(buffer.ToArray(), null) : TooLarge(maxBytes);
    }

    private static BoundedRead TimedOut(TimeSpan timeout) => new(null, $"standard input did not end within {timeout.TotalSeconds:0.#} s");

    private static BoundedRead Unreadable(Exception? e) => new(null, $"standard input cannot be read: {e?.Message}");

    private static BoundedRead TooLarge(int maxBytes) =>
        new(null, $"standard input is larger than {maxBytes / (1024 * 1024)} MiB; a domain XML is a few KiB");
}
