using System.Globalization;
using System.Text;
using Crible.Server.Doors;

namespace Crible.Server.Icap;

/// <summary>
/// An encapsulated body as a stream, decoded from ICAP's chunked encoding. In a preview, a zero chunk without
/// <c>ieof</c> means "more if you want it": the body answers <c>100 Continue</c> and reads on, so the analysis
/// always sees the whole file. Reading past <c>limit</c> throws <see cref="IcapBodyTooLargeException"/>.
/// </summary>
internal sealed class IcapBody(ProtocolReader reader, Stream connection, bool preview, long limit, Stream? copy) : AsyncReadStream
{
    private const int MaxChunkLine = 1024;
    private static readonly byte[] Continue = Encoding.ASCII.GetBytes("ICAP/1.0 100 Continue\r\n\r\n");
    private long _remainingInChunk;
    private long _total;
    private bool _inPreview = preview;
    private bool _ended;

    /// <summary>True when the whole body came within the preview (<c>ieof</c>).</summary>
    public bool EndedInPreview { get; private set; }

    protected override long Consumed => _total;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_remainingInChunk == 0)
        {
            if (_ended || !await NextChunkAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        var read = await reader.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remainingInChunk)], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new ProtocolException("the connection ended inside a chunk");
        }

        _remainingInChunk -= read;
        _total += read;
        if (copy is not null)
        {
            await copy.WriteAsync(buffer[..read], cancellationToken).ConfigureAwait(false);
        }

        if (_remainingInChunk == 0 && await reader.ReadLineAsync((byte)'\n', 2, cancellationToken).ConfigureAwait(false) is not { Length: 0 })
        {
            throw new ProtocolException("a chunk is not followed by CRLF");
        }

        return read;
    }

    /// <summary>Reads the next chunk size line; false at the end of the body.</summary>
    private async Task<bool> NextChunkAsync(CancellationToken cancellation)
    {
        var line = await reader.ReadLineAsync((byte)'\n', MaxChunkLine, cancellation).ConfigureAwait(false) ?? throw new ProtocolException("the connection ended before the body's last chunk");
        var semicolon = line.IndexOf(';', StringComparison.Ordinal);
        var sizeText = (semicolon < 0 ? line : line[..semicolon]).Trim();
        var extension = semicolon < 0 ? string.Empty : line[(semicolon + 1)..];
        if (sizeText.Length is 0 or > 15 || !long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw new ProtocolException("a chunk size is not a hexadecimal number");
        }

        if (size > 0)
        {
            if (_total + size > limit)
            {
                throw new IcapBodyTooLargeException(limit);
            }

            _remainingInChunk = size;
            return true;
        }

        // Trailers, if any, end with an empty line.
        for (var trailers = 0; await reader.ReadLineAsync((byte)'\n', MaxChunkLine, cancellation).ConfigureAwait(false) is { Length: > 0 }; trailers++)
        {
            if (trailers > 32)
            {
                throw new ProtocolException("too many chunk trailers");
            }
        }

        if (_inPreview && !extension.Contains("ieof", StringComparison.OrdinalIgnoreCase))
        {
            _inPreview = false;
            await connection.WriteAsync(Continue, cancellation).ConfigureAwait(false);
            await connection.FlushAsync(cancellation).ConfigureAwait(false);
            return await NextChunkAsync(cancellation).ConfigureAwait(false);
        }

        EndedInPreview = _inPreview;
        _ended = true;
        return false;
    }
}

/// <summary>A body larger than the door accepts.</summary>
internal sealed class IcapBodyTooLargeException(long limit) : Exception($"the body is larger than the {limit} bytes this door accepts");
