using Crible.Identification;
using Crible.Model;
using SharpCompress.Compressors.Lzw;

namespace Crible.Scanners.Archives;

/// <summary>Unix compress (.Z): LZW with a code width of 9 to 16 bits.</summary>
public sealed class CompressScanner : SingleStreamScanner
{
    public override string Name => "compress";

    protected override FileKind Kind => FileKinds.Compress;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } = [(".taz", ".tar"), (".tz", ".tar"), (".z", "")];

    protected override Stream OpenDecoder(Stream packed) => new LzwStream(packed) { IsStreamOwner = false };
}
