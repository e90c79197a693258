using Crible.Identification;
using Crible.Model;
using SharpCompress.Compressors.Xz;

namespace Crible.Scanners.Archives;

/// <summary>xz (LZMA2 with the BCJ filters SharpCompress knows), concatenated streams and stream padding included.</summary>
public sealed class XzScanner : SingleStreamScanner
{
    private static readonly byte[] Magic = [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0];

    /// <summary>xz -9 uses 64 MiB; the decoder allocates the dictionary up front, so more is refused.</summary>
    private const long MaxDictionary = 128L * 1024 * 1024;

    public override string Name => "xz";

    protected override FileKind Kind => FileKinds.Xz;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } = [(".txz", ".tar"), (".xz", "")];

    protected override string? CheckHeader(ReadOnlySpan<byte> head) =>
        XzBlockHeader.FirstDictionary(head) is > MaxDictionary and var dictionary
            ? $"the stream asks for a {dictionary} byte dictionary, more than the {MaxDictionary} allowed"
            : null;

    protected override Stream OpenDecoder(Stream packed)
    {
        var first = true;
        return new ConcatenatedStream(() =>
        {
            if (first)
            {
                first = false;
                return new XZStream(packed);
            }

            return SkipPaddingToNextStream(packed) ? new XZStream(packed) : null;
        });
    }

    /// <summary>Stream padding is zero bytes in groups of four; true when another stream's magic follows it.</summary>
    private static bool SkipPaddingToNextStream(Stream packed)
    {
        Span<byte> word = stackalloc byte[4];
        while (packed.Length - packed.Position >= Magic.Length)
        {
            var start = packed.Position;
            packed.ReadExactly(word);
            if (word.IndexOfAnyExcept((byte)0) >= 0)
            {
                packed.Position = start;
                Span<byte> magic = stackalloc byte[Magic.Length];
                packed.ReadExactly(magic);
                packed.Position = start;
                return magic.SequenceEqual(Magic);
            }
        }

        return false;
    }
}
