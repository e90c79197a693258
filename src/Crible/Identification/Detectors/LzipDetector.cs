using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>lzip members: "LZIP", version 0 or 1, and a coded dictionary size between 4 KiB and 512 MiB.</summary>
public sealed class LzipDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        var dictionaryLog = head.U8(5) & 0x1F;
        return head.Matches(0, "LZIP"u8) && head.U8(4) is 0 or 1 && dictionaryLog is >= 12 and <= 29 ? FileKinds.Lzip : null;
    }
}
