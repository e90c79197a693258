using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Symbian installation files of the EPOC format (Symbian 6 to 8): UID2 0x1000006D or 0x10003A12 then UID3
/// 0x10000419. The Symbian 9 format only has a four-byte UID to go by, too weak to claim a file.</summary>
public sealed class SisDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var header = new HeaderBytes(probe.Head);
        return header.U32Le(8) == 0x10000419 && header.U32Le(4) is 0x1000006D or 0x10003A12 ? FileKinds.Sis : null;
    }
}
