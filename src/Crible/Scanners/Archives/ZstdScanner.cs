using Crible.Identification;
using Crible.Model;
using SharpCompress.Compressors.ZStandard;
using SharpCompress.Compressors.ZStandard.Unsafe;

namespace Crible.Scanners.Archives;

/// <summary>Zstandard frames (and skippable frames) through the managed zstd port that ships inside SharpCompress.</summary>
public sealed class ZstdScanner : SingleStreamScanner
{
    /// <summary>2^27 = 128 MiB, zstd's own default ceiling: a frame asking for a larger window is refused, so a few
    /// bytes cannot make the decoder allocate gigabytes.</summary>
    private const int MaxWindowLog = 27;

    public override string Name => "zstd";

    protected override FileKind Kind => FileKinds.Zstd;

    protected override IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; } = [(".tzst", ".tar"), (".zst", ""), (".zstd", "")];

    protected override Stream OpenDecoder(Stream packed)
    {
        var stream = new DecompressionStream(packed, leaveOpen: true);
        stream.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, MaxWindowLog);
        return stream;
    }
}
