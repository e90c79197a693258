namespace Crible.Server.Doors;

/// <summary>The shape of a protocol body read off a connection: read once, front to back and only asynchronously
/// (a synchronous read would block a thread on the network). A subclass says how to fill a buffer and how many
/// bytes it has given.</summary>
internal abstract class AsyncReadStream : Stream
{
    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => Consumed;
        set => throw new NotSupportedException();
    }

    /// <summary>The bytes of the body given to the reader so far.</summary>
    protected abstract long Consumed { get; }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException($"{GetType().Name} is read asynchronously.");

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
