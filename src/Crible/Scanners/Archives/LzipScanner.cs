using System.Buffers.Binary;
using Crible.Identification;
using Crible.Model;
using SharpCompress.Compressors.LZMA;

namespace Crible.Scanners.Archives;

/// <summary>lzip, multi-member files included: each member is an LZMA stream (lc 3, lp 0, pb 2) with an end marker.</summary>
public sealed class LzipScanner : SingleStreamScanner
{
    /// <summary>lzip -9 uses 32 MiB; the decoder allocates the dictionary up front, so more is refused.</summary>
    private const uint MaxDictionary = 128u * 1024 * 1024;
    private const byte LzipProperties = 0x5D;

    public override string Name => "lzip";

    protected override FileKind Kind => FileKinds.Lzip;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } = [(".tlz", ".tar"), (".lz", "")];

    protected override string? CheckHeader(ReadOnlySpan<byte> head)
    {
        var dictionary = head.Length >= LzipMembers.HeaderLength ? LzipMembers.Dictionary(head[5]) : 0;
        return dictionary > MaxDictionary ? $"the stream asks for a {dictionary} byte dictionary, more than the {MaxDictionary} allowed" : null;
    }

    protected override Stream OpenDecoder(Stream packed)
    {
        var members = new Queue<LzipMember>(LzipMembers.List(packed));
        return new ConcatenatedStream(() =>
        {
            if (!members.TryDequeue(out var member) || member.Dictionary > MaxDictionary)
            {
                return null;
            }

            // A window larger than the whole decoded member is never used: allocate only what it needs.
            var window = member.DecodedSize >= 0 ? (uint)Math.Min(Math.Max(member.DecodedSize, 4096), member.Dictionary) : member.Dictionary;
            var properties = new byte[5];
            properties[0] = LzipProperties;
            BinaryPrimitives.WriteUInt32LittleEndian(properties.AsSpan(1), window);
            return LzmaStream.Create(properties, new BoundedSubStream(packed, member.DataOffset, member.DataLength), -1, -1, leaveOpen: false);
        });
    }
}
