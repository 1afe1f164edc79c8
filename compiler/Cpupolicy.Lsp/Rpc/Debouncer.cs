namespace Cpupolicy.Lsp.Rpc;

/// <summary>
/// Runs the last action scheduled for a key once no other has been scheduled for <c>delay</c>: the diagnostics of a
/// document are compiled once per pause in typing rather than once per keystroke.
/// </summary>
internal sealed class Debouncer(TimeSpan delay, Action<Action> run, TextWriter log) : IDisposable
{
    private readonly Dictionary<string, CancellationTokenSource> pending = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public void Schedule(string key, Action action)
    {
        CancellationTokenSource source;
        lock (gate)
        {
            if (pending.Remove(key, out var previous))
            {
                previous.Cancel();
                previous.Dispose();
            }

            source = new CancellationTokenSource();
            pending[key] = source;
        }

        var token = source.Token;
        _ = Task.Delay(delay, token).ContinueWith(
            _ =>
            {
                lock (gate)
                {
                    if (!pending.TryGetValue(key, out var current) || current.Token != token)
                    {
                        return;
                    }

                    pending.Remove(key);
                    current.Dispose();
                }

                try
                {
                    run(action);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    log.WriteLine($"cpupolicy lsp: diagnostics failed: {e.Message}");
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var source in pending.Values)
            {
                source.Cancel();
                source.Dispose();
            }

            pending.Clear();
        }
    }
}
