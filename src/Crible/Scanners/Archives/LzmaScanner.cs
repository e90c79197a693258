using System.Buffers.Binary;
using Crible.Identification;
using Crible.Model;
using SharpCompress.Compressors.LZMA;

namespace Crible.Scanners.Archives;

/// <summary>"LZMA alone" (.lzma): 5 property bytes, an 8-byte size (all ones when unknown), then the range-coded data.</summary>
public sealed class LzmaScanner : SingleStreamScanner
{
    private const int HeaderLength = 13;

    /// <summary>The decoder allocates the whole dictionary up front: a 30-byte file must not ask for gigabytes.</summary>
    private const uint MaxDictionary = 128u * 1024 * 1024;

    public override string Name => "lzma";

    protected override FileKind Kind => FileKinds.Lzma;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } = [(".tlz", ".tar"), (".lzma", "")];

    protected override string? CheckHeader(ReadOnlySpan<byte> head)
    {
        if (head.Length < HeaderLength)
        {
            return "the header is truncated";
        }

        var dictionary = BinaryPrimitives.ReadUInt32LittleEndian(head[1..]);
        return dictionary > MaxDictionary ? $"the stream asks for a {dictionary} byte dictionary, more than the {MaxDictionary} allowed" : null;
    }

    protected override Stream OpenDecoder(Stream packed)
    {
        var header = new byte[HeaderLength];
        packed.ReadExactly(header);
        var declared = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(5));
        var outputSize = declared < 0 ? -1 : declared;
        if (outputSize >= 0)
        {
            // A window larger than the whole declared output is never used: allocate only what it needs.
            var dictionary = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(1));
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(1), (uint)Math.Min(Math.Max(outputSize, 4096), dictionary));
        }

        return LzmaStream.Create(header[..5], packed, -1, outputSize, leaveOpen: true);
    }
}
