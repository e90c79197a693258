using Crible.IO;
namespace Crible.Scanners.Archives;

/// <summary>
/// Undoes the obfuscation of the files an InstallShield "MSI" setup launcher carries: each byte has its nibbles
/// swapped and is XORed with the file name (itself XORed with a fixed 4-byte key), the key position restarting every
/// 1024 bytes. What comes out is a zlib stream.
/// </summary>
internal sealed class InstallShieldObfuscatedStream : ForwardOnlyReadStream
{
    private const int KeyPeriod = 1024;
    private static readonly byte[] NameMask = [0xEC, 0xCA, 0x79, 0xF8];

    private readonly Stream _inner;
    private readonly byte[] _key;
    private long _position;

    /// <param name="name">The file's name as its block stores it (the bytes before the NUL), never empty.</param>
    public InstallShieldObfuscatedStream(Stream inner, ReadOnlySpan<byte> name)
    {
        ArgumentOutOfRangeException.ThrowIfZero(name.Length);
        _inner = inner;
        _key = new byte[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            _key[i] = (byte)(name[i] ^ NameMask[i & 3]);
        }
    }

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        for (var i = 0; i < read; i++, _position++)
        {
            var value = buffer[i];
            var swapped = (byte)((value >> 4) | (value << 4));
            buffer[i] = (byte)(swapped ^ _key[(int)(_position % KeyPeriod) % _key.Length]);
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
