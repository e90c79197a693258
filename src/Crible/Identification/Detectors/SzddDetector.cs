using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Files packed by MS-DOS COMPRESS.EXE (the "FILE.EX_" of old installers): "SZDD" 88 F0 27 33, then
/// compression mode 'A' (LZSS, the only one defined).</summary>
public sealed class SzddDetector : IFileKindDetector
{
    private static readonly byte[] Magic = [(byte)'S', (byte)'Z', (byte)'D', (byte)'D', 0x88, 0xF0, 0x27, 0x33, (byte)'A'];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, Magic) ? FileKinds.Szdd : null;
    }
}
