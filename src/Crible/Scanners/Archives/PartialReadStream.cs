using Crible.IO;
namespace Crible.Scanners.Archives;

/// <summary>
/// Reads a decoder until it fails, then ends as if the data ended there: a truncated or damaged member still yields
/// what could be decoded, and <see cref="Error"/> says why it stopped. The first chunk is read when the stream is
/// started, so a member that cannot be decoded at all is reported without emitting an empty file.
/// </summary>
internal sealed class PartialReadStream : ForwardOnlyReadStream
{
    private const int FirstChunk = 64 * 1024;
    private readonly Stream _inner;
    private readonly byte[] _first;
    private int _firstOffset;
    private int _firstCount;

    private PartialReadStream(Stream inner, byte[] first, int firstCount)
    {
        _inner = inner;
        _first = first;
        _firstCount = firstCount;
    }

    /// <summary>Why decoding stopped early, or null when the data ended normally.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Bytes handed out so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads the first chunk; an error before any byte was decoded reaches the caller.</summary>
    public static async ValueTask<PartialReadStream> StartAsync(Stream inner, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var first = new byte[FirstChunk];
        var count = 0;
        Exception? error = null;
        while (count < first.Length)
        {
            int read;
            try
            {
                read = await inner.ReadAsync(first.AsMemory(count), cancellation).ConfigureAwait(false);
            }
            catch (Exception exception) when (count > 0 && ArchiveErrors.IsInputError(exception))
            {
                error = exception;
                break;
            }

            if (read == 0)
            {
                break;
            }

            count += read;
        }

        return new PartialReadStream(inner, first, count) { Error = error };
    }

    public override int Read(Span<byte> buffer)
    {
        if (_firstOffset < _firstCount)
        {
            var count = Math.Min(buffer.Length, _firstCount - _firstOffset);
            _first.AsSpan(_firstOffset, count).CopyTo(buffer);
            _firstOffset += count;
            BytesRead += count;
            return count;
        }

        if (Error is not null || buffer.IsEmpty)
        {
            return 0;
        }

        try
        {
            var read = _inner.Read(buffer);
            BytesRead += read;
            return read;
        }
        catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
        {
            Error = exception;
            return 0;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_firstOffset < _firstCount || Error is not null || buffer.IsEmpty)
        {
            return Read(buffer.Span);
        }

        try
        {
            var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            BytesRead += read;
            return read;
        }
        catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
        {
            Error = exception;
            return 0;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
