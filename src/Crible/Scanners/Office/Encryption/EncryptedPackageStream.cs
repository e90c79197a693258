using System.Buffers.Binary;
using System.Globalization;

namespace Crible.Scanners.Office.Encryption;

/// <summary>Decrypts one segment of an EncryptedPackage stream into <paramref name="output"/> (same length).</summary>
internal delegate void SegmentDecryptor(ReadOnlySpan<byte> segment, int index, Span<byte> output);

/// <summary>
/// The EncryptedPackage stream of an encrypted OOXML file (MS-OFFCRYPTO 2.3.4.4): the package's size on 8 bytes,
/// then the encrypted package padded to whole cipher blocks. Decrypted segment by segment into at most
/// <c>maxBytes</c>; a stream shorter than its declared size gives what it holds, said in the problems.
/// </summary>
internal static class EncryptedPackageStream
{
    private const int SizeFieldLength = 8;

    public static (byte[] Content, bool Complete) Decrypt(byte[] stream, long maxBytes, int segmentLength, int blockSize, List<string> problems, SegmentDecryptor decrypt)
    {
        if (stream.Length < SizeFieldLength)
        {
            problems.Add("the EncryptedPackage stream is shorter than its 8-byte size field");
            return ([], false);
        }

        var declared = BinaryPrimitives.ReadUInt64LittleEndian(stream);
        var complete = true;
        var wanted = declared;
        if (wanted > (ulong)Math.Min(maxBytes, Array.MaxLength - blockSize))
        {
            wanted = (ulong)Math.Min(maxBytes, Array.MaxLength - blockSize);
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the package declares {declared} bytes; only the first {wanted} were decrypted"));
            complete = false;
        }

        var encrypted = stream.AsSpan(SizeFieldLength);
        var wholeBlocks = encrypted.Length / blockSize * blockSize;
        var needed = (long)((wanted + (ulong)blockSize - 1) / (ulong)blockSize * (ulong)blockSize);
        if (wholeBlocks < needed)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the EncryptedPackage stream holds {encrypted.Length} encrypted bytes of the {declared} declared; what it holds was decrypted"));
            complete = false;
            needed = wholeBlocks;
        }

        var output = new byte[needed];
        for (var (offset, index) = (0, 0); offset < needed; offset += segmentLength, index++)
        {
            var segment = (int)Math.Min(segmentLength, needed - offset);
            decrypt(encrypted.Slice(offset, segment), index, output.AsSpan(offset, segment));
        }

        var length = (long)Math.Min(wanted, (ulong)needed);
        return (length == needed ? output : output[..(int)length], complete);
    }
}
