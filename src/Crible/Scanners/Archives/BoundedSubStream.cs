using Crible.IO;
namespace Crible.Scanners.Archives;

/// <summary>A read-only window [offset, offset + length) on a seekable stream, for members stored as-is (ar, cpio):
/// reading never goes past the window, whatever the hostile header claimed.</summary>
internal sealed class BoundedSubStream : ForwardOnlyReadStream
{
    private readonly Stream _inner;
    private readonly long _offset;
    private readonly long _length;
    private long _position;

    public BoundedSubStream(Stream inner, long offset, long length)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _offset = Math.Clamp(offset, 0, inner.Length);
        _length = Math.Clamp(length, 0, inner.Length - _offset);
    }

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, _length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        _inner.Position = _offset + _position;
        var read = _inner.Read(buffer[..wanted]);
        _position += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

}
