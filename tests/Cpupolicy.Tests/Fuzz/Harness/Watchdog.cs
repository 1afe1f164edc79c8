using System.Collections.Concurrent;

namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>
/// Runs each input on a worker thread and waits at most a timeout for it. .NET cannot abort a thread, so an input
/// that hangs leaves its worker behind (it is reported and a fresh worker takes over); the runner stops the target
/// after a hang rather than pile up stuck threads. Workers get an 8 MiB stack, the size of the CLI's main thread,
/// so recursion depth matches what `cpupolicy` itself would reach.
/// </summary>
public sealed class Watchdog : IDisposable
{
    private const int StackBytes = 8 * 1024 * 1024;

    private BlockingCollection<WorkItem> queue = StartWorker();

    /// <summary>
    /// Runs <paramref name="body"/>; it hangs when it has used <paramref name="timeout"/> of CPU, or has been blocked
    /// for <see cref="BlockedFactor"/> times that long. CPU rather than wall time, because on a shared machine a
    /// niced fuzzer can wait many seconds for a core: a slow turn is not a hang, an input that keeps a core busy is.
    /// </summary>
    public WatchdogResult Run(Func<string> body, TimeSpan timeout)
    {
        var item = new WorkItem(body);
        var cpuAtStart = CpuTime();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        queue.Add(item);
        var slice = TimeSpan.FromMilliseconds(Math.Max(100, timeout.TotalMilliseconds / 4));
        while (!item.Done.Wait(slice))
        {
            if (CpuTime() - cpuAtStart >= timeout || clock.Elapsed >= timeout * BlockedFactor)
            {
                // Abandon the stuck worker: completing its queue lets it exit if the input ever returns.
                queue.CompleteAdding();
                queue = StartWorker();
                return new WatchdogResult(null, null, TimedOut: true);
            }
        }

        item.Done.Dispose();
        return new WatchdogResult(item.Result, item.Error, TimedOut: false);
    }

    /// <summary>How many timeouts of wall time an input may spend blocked (waiting, not computing) before it counts as hung.</summary>
    public const int BlockedFactor = 20;

    private static TimeSpan CpuTime()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public void Dispose() => queue.CompleteAdding();

    private static BlockingCollection<WorkItem> StartWorker()
    {
        var items = new BlockingCollection<WorkItem>();
        var thread = new Thread(() => Work(items), StackBytes) { IsBackground = true, Name = "fuzz-worker" };
        thread.Start();
        return items;
    }

    private static void Work(BlockingCollection<WorkItem> items)
    {
        foreach (var item in items.GetConsumingEnumerable())
        {
            try
            {
                item.Result = item.Body();
            }
            catch (Exception e)
            {
                item.Error = e;
            }

            item.Done.Set();
        }
    }

    private sealed class WorkItem(Func<string> body)
    {
        public Func<string> Body { get; } = body;

        public ManualResetEventSlim Done { get; } = new();

        public string? Result { get; set; }

        public Exception? Error { get; set; }
    }
}
