using System.Text;

namespace Crible.Server.Doors;

/// <summary>Reads a connection's bytes through one buffer: bounded lines for commands and headers, exact counts for
/// lengths and chunks. Nothing read here is trusted: every line has a maximum length.</summary>
public sealed class ProtocolReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>Bytes up to <paramref name="terminator"/> (excluded, and a CR before an LF dropped); null at the end
    /// of the stream before any byte; <see cref="ProtocolException"/> when longer than <paramref name="maxLength"/>.</summary>
    public async ValueTask<string?> ReadLineAsync(byte terminator, int maxLength, CancellationToken cancellation)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellation).ConfigureAwait(false))
            {
                return line.Count == 0 ? null : throw new ProtocolException("the connection ended inside a line");
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var at = span.IndexOf(terminator);
            var take = at < 0 ? span.Length : at;
            if (line.Count + take > maxLength)
            {
                throw new ProtocolException($"a line is longer than {maxLength} bytes");
            }

            line.AddRange(span[..take]);
            _start += at < 0 ? take : take + 1;
            if (at >= 0)
            {
                if (terminator == (byte)'\n' && line.Count > 0 && line[^1] == '\r')
                {
                    line.RemoveAt(line.Count - 1);
                }

                return Encoding.Latin1.GetString([.. line]);
            }
        }
    }

    /// <summary>The next byte, or -1 at the end of the stream.</summary>
    public async ValueTask<int> ReadByteAsync(CancellationToken cancellation)
    {
        if (_start == _end && !await FillAsync(cancellation).ConfigureAwait(false))
        {
            return -1;
        }

        return _buffer[_start++];
    }

    /// <summary>The next byte without consuming it, or -1 at the end of the stream.</summary>
    public async ValueTask<int> PeekByteAsync(CancellationToken cancellation)
    {
        if (_start == _end && !await FillAsync(cancellation).ConfigureAwait(false))
        {
            return -1;
        }

        return _buffer[_start];
    }

    /// <summary>Up to <paramref name="destination"/>.Length bytes; 0 only at the end of the stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellation)
    {
        if (_start == _end)
        {
            if (destination.Length >= _buffer.Length)
            {
                return await stream.ReadAsync(destination, cancellation).ConfigureAwait(false);
            }

            if (!await FillAsync(cancellation).ConfigureAwait(false))
            {
                return 0;
            }
        }

        var take = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, take).CopyTo(destination);
        _start += take;
        return take;
    }

    /// <summary>Exactly <paramref name="destination"/>.Length bytes, or <see cref="ProtocolException"/>.</summary>
    public async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellation)
    {
        while (!destination.IsEmpty)
        {
            var read = await ReadAsync(destination, cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ProtocolException("the connection ended inside a message");
            }

            destination = destination[read..];
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellation)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellation).ConfigureAwait(false);
        return _end > 0;
    }
}

/// <summary>A client broke the protocol; the door answers what it can and closes the connection.</summary>
public sealed class ProtocolException(string message) : Exception(message);
