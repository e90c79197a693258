using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>OLE2 compound files (legacy Office documents, MSI, MSG, encrypted OOXML) by their eight-byte signature.
/// Telling a .doc from an .msi needs the directory, which belongs to the OLE2 reader.</summary>
public sealed class Ole2Detector : IFileKindDetector
{
    private static readonly byte[] Signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, Signature) ? FileKinds.Ole2 : null;
    }
}
