namespace Crible.Scanners.Office.Ole;

/// <summary>
/// A read-only, seekable view of one stream of a compound file, read sector by sector from the file as it is
/// consumed. Its length is what the file really holds: shorter than declared when the chain is broken or the file
/// truncated, and then <see cref="Problem"/> says why.
/// </summary>
public sealed class CompoundFileStream : Stream
{
    private readonly SectorReader _reader;
    private readonly long[] _segmentOffsets;
    private readonly int _segmentSize;
    private readonly long _length;
    private long _position;

    internal CompoundFileStream(SectorReader reader, long[] segmentOffsets, int segmentSize, long length, long declaredLength, string? problem)
    {
        _reader = reader;
        _segmentOffsets = segmentOffsets;
        _segmentSize = segmentSize;
        _length = length;
        DeclaredLength = declaredLength;
        Problem = problem;
    }

    /// <summary>The size the directory entry claims.</summary>
    public long DeclaredLength { get; }

    /// <summary>Why the stream is shorter than declared; null when it is whole.</summary>
    public string? Problem { get; }

    public bool IsComplete => Problem is null;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length && _position < _length)
        {
            var segment = (int)(_position / _segmentSize);
            var within = (int)(_position % _segmentSize);
            var wanted = (int)Math.Min(Math.Min(_segmentSize - within, buffer.Length - total), _length - _position);
            var read = _reader.ReadAt(_segmentOffsets[segment] + within, buffer.Slice(total, wanted));
            if (read <= 0)
            {
                break;
            }

            total += read;
            _position += read;
        }

        return total;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
