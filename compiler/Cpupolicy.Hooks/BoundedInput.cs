namespace Cpupolicy.Hooks;

/// <summary>
/// Reads a hook's standard input with a size cap and a time bound. Neither libvirt nor xenopsd puts a timeout on a
/// hook, so a writer that never closes the pipe, or one that sends gigabytes, must not hang the VM's start or eat the
/// host's memory: past <see cref="MaxBytes"/> the hook stops reading, past the deadline it stops waiting (the
/// blocked read is left behind on a background thread and dies with the process).
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

    public static BoundedRead Read(Stream input, int maxBytes, TimeSpan timeout)
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
                return new BoundedRead(null, $"standard input did not end within {timeout.TotalSeconds:0.#} s");
            }
        }
        catch (AggregateException e)
        {
            return new BoundedRead(null, $"standard input cannot be read: {e.InnerException?.Message}");
        }

        return reader.Result
            ? new BoundedRead(buffer.ToArray(), null)
            : new BoundedRead(null, $"standard input is larger than {maxBytes / (1024 * 1024)} MiB; a domain XML is a few KiB");
    }
}
