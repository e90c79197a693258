using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// BMP images. "BM" is common at the start of text, so the headers must agree: zero reserved words, a known DIB
/// header size, pixel data after the headers, one colour plane and a real bit depth.
/// </summary>
public sealed class BmpDetector : IFileKindDetector
{
    private const int FileHeaderLength = 14;
    private static readonly int[] DibHeaderSizes = [12, 16, 40, 52, 56, 64, 108, 124];
    private static readonly int[] BitDepths = [1, 2, 4, 8, 16, 24, 32, 64];

    public int Priority => DetectorPriority.WeakMagic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        if (!head.Matches(0, "BM"u8) || head.U32Le(6) != 0)
        {
            return null;
        }

        var dibSize = head.U32Le(14);
        var pixelOffset = head.U32Le(10);
        if (!DibHeaderSizes.Contains((int)dibSize) || pixelOffset < FileHeaderLength + dibSize)
        {
            return null;
        }

        // The OS/2 1.x header (12 bytes) has 16-bit dimensions, so its planes and depth sit earlier.
        var planes = dibSize == 12 ? head.U16Le(22) : head.U16Le(26);
        var depth = dibSize == 12 ? head.U16Le(24) : head.U16Le(28);
        return planes == 1 && BitDepths.Contains(depth) ? FileKinds.Bmp : null;
    }
}
