using Crible.IO;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Crible.Scanners.Archives;

/// <summary>
/// A file of an InstallShield cabinet, decompressed as it is read: its compressed bytes are a run of chunks, each a
/// 16-bit little-endian length then that many bytes of raw Deflate. Reads stop at the compressed size; a chunk that
/// does not fit or does not inflate surfaces as <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class InstallShieldChunkStream(Stream compressed) : ForwardOnlyReadStream
{
    private readonly byte[] _chunk = new byte[ushort.MaxValue];
    private DeflateStream? _current;

    public override int Read(Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            if (_current is null && !NextChunk())
            {
                return 0;
            }

            var read = _current!.Read(buffer);
            if (read > 0)
            {
                return read;
            }

            _current.Dispose();
            _current = null;
        }

        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            compressed.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool NextChunk()
    {
        Span<byte> lengthBytes = stackalloc byte[2];
        int length;
        do
        {
            var read = compressed.ReadAtLeast(lengthBytes, 2, throwOnEndOfStream: false);
            if (read == 0)
            {
                return false;
            }

            if (read < 2)
            {
                throw new InvalidDataException("a chunk length is cut short");
            }

            length = BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes);
        }
        while (length == 0);

        if (compressed.ReadAtLeast(_chunk.AsSpan(0, length), length, throwOnEndOfStream: false) < length)
        {
            throw new InvalidDataException("a chunk runs past the file's compressed size");
        }

        _current = new DeflateStream(new MemoryStream(_chunk, 0, length, writable: false), CompressionMode.Decompress);
        return true;
    }
}
