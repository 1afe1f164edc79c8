namespace Cpupolicy.Cli.Commands;

/// <summary>
/// The CLI's stdout as the write-only stream the hooks write their output to: each write goes through
/// <c>HookCommand.WriteStdout</c> (raw bytes to the real stdout, or text to a test's writer), so a write that fails
/// reaches the hook, which then takes its on-error path instead of the CLI crashing.
/// </summary>
internal sealed class HookStdoutStream(Action<byte[]> write) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => write(buffer.AsSpan(offset, count).ToArray());

    public override void Write(ReadOnlySpan<byte> buffer) => write(buffer.ToArray());

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
