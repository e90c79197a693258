using Crible.Identification;
using Crible.Model;
using SharpCompress.Compressors;
using SharpCompress.Compressors.LZMA;

namespace Crible.Scanners.Archives;

/// <summary>lzip ("LZIP" and an LZMA stream with a coded dictionary size of at most 512 MiB).</summary>
public sealed class LzipScanner : SingleStreamScanner
{
    public override string Name => "lzip";

    protected override FileKind Kind => FileKinds.Lzip;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } = [(".tlz", ".tar"), (".lz", "")];

    protected override Stream OpenDecoder(Stream packed) => LZipStream.Create(packed, CompressionMode.Decompress, leaveOpen: true);
}
