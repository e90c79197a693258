using System.Buffers.Binary;
using Crible.Identification;
using Crible.Identification.Detectors;
using Crible.Model;
using K4os.Compression.LZ4.Streams;

namespace Crible.Scanners.Archives;

/// <summary>LZ4 frames (K4os' decoder) and the legacy LZ4 format, after any leading skippable frames.</summary>
public sealed class Lz4Scanner : SingleStreamScanner
{
    public override string Name => "lz4";

    protected override FileKind Kind => FileKinds.Lz4;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } = [(".tlz4", ".tar"), (".lz4", "")];

    protected override Stream OpenDecoder(Stream packed)
    {
        var head = new byte[(int)Math.Min(SampleData.HeadLength, packed.Length)];
        packed.ReadExactly(head);
        var start = SkippableFrames.Skip(head);
        if (start < 0)
        {
            throw new InvalidDataException("the skippable frames run past the start of the file");
        }

        packed.Position = start + 4;
        var magic = head.Length >= start + 4 ? BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(start)) : 0;
        if (magic == Lz4LegacyStream.Magic)
        {
            return new Lz4LegacyStream(packed);
        }

        packed.Position = start;
        return LZ4Stream.Decode(packed, leaveOpen: true);
    }
}
