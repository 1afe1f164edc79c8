namespace Cpupolicy.Compiler.Peers.Qemu;

/// <summary>
/// A QMP command failed: QEMU answered with an <c>error</c> object (<see cref="ErrorClass"/> is QEMU's class, e.g.
/// <c>GenericError</c>, <c>CommandNotFound</c>), or QEMU exited or stopped answering.
/// </summary>
public sealed class QmpException : Exception
{
    public QmpException()
    {
    }

    public QmpException(string message)
        : base(message)
    {
    }

    public QmpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public QmpException(string message, string? errorClass, string? command)
        : base(message)
    {
        ErrorClass = errorClass;
        Command = command;
    }

    /// <summary>QEMU's error class, or null when QEMU did not answer (it exited or timed out).</summary>
    public string? ErrorClass { get; }

    /// <summary>The command that failed.</summary>
    public string? Command { get; }

    /// <summary>True when QEMU itself is gone (crashed or exited), so the client cannot be used any more.</summary>
    public bool ProcessGone => ErrorClass is null;
}
