namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// A stdin for the time and size bounds: it yields <paramref name="prefix"/>, then either endless filler (a writer
/// that sends gigabytes) or nothing at all while never ending (a writer that never closes the pipe).
/// </summary>
public sealed class NeverEndingStream(byte[] prefix, bool stall) : Stream
{
    private long position;

    public long BytesServed => position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (position < prefix.Length)
        {
            var n = (int)Math.Min(count, prefix.Length - position);
            Array.Copy(prefix, position, buffer, offset, n);
            position += n;
            return n;
        }

        if (stall)
        {
            // Long past any test's bound, short enough not to leak a thread for the rest of the run.
            Thread.Sleep(TimeSpan.FromSeconds(60));
            return 0;
        }

        Array.Fill(buffer, (byte)'x', offset, count);
        position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
