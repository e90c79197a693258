using System.Numerics;
using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Raw HFS+ / HFSX volumes (read-write Apple disk images have no UDIF trailer): the volume header at 1024
/// with signature "H+" version 4 or "HX" version 5 and a power-of-two allocation block size.</summary>
public sealed class HfsPlusDetector : IFileKindDetector
{
    private const int VolumeHeaderOffset = 1024;
    private const int BlockSizeOffset = VolumeHeaderOffset + 40;
    private const long MinBlockSize = 512;

    public int Priority => DetectorPriority.Structure;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        var version = head.U16Be(VolumeHeaderOffset + 2);
        var signatureOk = (head.Matches(VolumeHeaderOffset, "H+"u8) && version == 4) || (head.Matches(VolumeHeaderOffset, "HX"u8) && version == 5);
        var blockSize = head.U32Be(BlockSizeOffset);
        return signatureOk && blockSize >= MinBlockSize && BitOperations.IsPow2(blockSize) ? FileKinds.Dmg : null;
    }
}
