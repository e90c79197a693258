using System.Buffers.Binary;
using Crible.Server.Doors;

namespace Crible.Server.Clamd;

/// <summary>The bytes of an INSTREAM command as a stream: big-endian 4-byte lengths, each followed by that many
/// bytes, until a zero length. Reading past <c>limit</c> throws <see cref="InstreamTooLargeException"/>.</summary>
internal sealed class InstreamContent(ProtocolReader reader, long limit) : AsyncReadStream
{
    private readonly byte[] _length = new byte[4];
    private long _remainingInChunk;
    private long _total;
    private bool _ended;

    protected override long Consumed => _total;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_remainingInChunk == 0)
        {
            if (_ended)
            {
                return 0;
            }

            await reader.ReadExactlyAsync(_length, cancellationToken).ConfigureAwait(false);
            var length = BinaryPrimitives.ReadUInt32BigEndian(_length);
            if (length == 0)
            {
                _ended = true;
                return 0;
            }

            if (_total + length > limit)
            {
                throw new InstreamTooLargeException();
            }

            _remainingInChunk = length;
        }

        var read = await reader.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remainingInChunk)], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new ProtocolException("the connection ended inside an INSTREAM chunk");
        }

        _remainingInChunk -= read;
        _total += read;
        return read;
    }
}

/// <summary>An INSTREAM longer than the door accepts.</summary>
internal sealed class InstreamTooLargeException() : Exception("INSTREAM size limit exceeded");
