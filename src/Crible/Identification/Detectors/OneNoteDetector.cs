using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>OneNote sections (.one) by the section file-type GUID {7B5C52E4-D88C-4DA7-AEB1-5378D02996D3}. OneNote
/// packages (.onepkg) are cabinets and stay "cab".</summary>
public sealed class OneNoteDetector : IFileKindDetector
{
    private static readonly byte[] SectionGuid =
        [0xE4, 0x52, 0x5C, 0x7B, 0x8C, 0xD8, 0xA7, 0x4D, 0xAE, 0xB1, 0x53, 0x78, 0xD0, 0x29, 0x96, 0xD3];

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.HasAt(0, SectionGuid) ? FileKinds.OneNote : null;
    }
}
