namespace Cpupolicy.Tests.Backends;

/// <summary>One QEMU (<c>-machine none</c>) per test class, started on first use, stopped when the class is done.</summary>
public sealed class QemuFixture : IDisposable
{
    private QmpSession? session;

    public QmpSession Expander => session ??= QmpSession.Expander();

    public void Dispose() => session?.Dispose();
}
