using Crible.Identification;
using Crible.Model;
using SharpCompress.Compressors;
using SharpCompress.Compressors.BZip2;

namespace Crible.Scanners.Archives;

/// <summary>bzip2, concatenated streams included.</summary>
public sealed class Bzip2Scanner : SingleStreamScanner
{
    public override string Name => "bzip2";

    protected override FileKind Kind => FileKinds.Bzip2;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } =
        [(".tbz2", ".tar"), (".tbz", ".tar"), (".bz2", ""), (".bz", "")];

    protected override Stream OpenDecoder(Stream packed) =>
        BZip2Stream.Create(packed, CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: true);
}
