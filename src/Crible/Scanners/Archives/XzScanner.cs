using Crible.Identification;
using Crible.Model;
using SharpCompress.Compressors.Xz;

namespace Crible.Scanners.Archives;

/// <summary>xz (LZMA2 with the BCJ filters SharpCompress knows).</summary>
public sealed class XzScanner : SingleStreamScanner
{
    public override string Name => "xz";

    protected override FileKind Kind => FileKinds.Xz;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } = [(".txz", ".tar"), (".xz", "")];

    protected override Stream OpenDecoder(Stream packed) => new XZStream(packed);
}
