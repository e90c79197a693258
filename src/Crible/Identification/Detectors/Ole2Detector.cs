using Crible.Model;
using Crible.Scanners.Office.Ole;

namespace Crible.Identification.Detectors;

/// <summary>
/// OLE2 compound files by their eight-byte signature, refined from the directory: Windows Installer by the root's
/// class, Word, Excel and PowerPoint by their main stream, Outlook messages by their property streams (or class).
/// A directory that cannot be read leaves the generic <c>ole2</c>: the scanners still look at it and say why not.
/// </summary>
public sealed class Ole2Detector : IFileKindDetector
{
    private static readonly CompoundFileOptions DetectionOptions = new() { MaxDirectoryEntries = 4096, MaxStorageDepth = 1 };

    private static readonly HashSet<Guid> InstallerClasses =
    [
        new("000C1084-0000-0000-C000-000000000046"), // installer package
        new("000C1086-0000-0000-C000-000000000046"), // patch
        new("000C1082-0000-0000-C000-000000000046"), // transform
    ];

    private static readonly Guid OutlookMessageClass = new("00020D0B-0000-0000-C000-000000000046");

    public int Priority => DetectorPriority.Magic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (!CompoundFileHeader.HasSignature(probe.Head))
        {
            return null;
        }

        try
        {
            using var file = CompoundFile.Open(new FileProbeStream(probe), DetectionOptions);
            return Refine(file);
        }
        catch (InvalidDataException)
        {
            return FileKinds.Ole2;
        }
    }

    private static FileKind Refine(CompoundFile file)
    {
        if (InstallerClasses.Contains(file.Root.Clsid))
        {
            return FileKinds.Msi;
        }

        bool Has(string name) => file.Child(file.Root, name) is { IsStream: true };
        if (Has("WordDocument"))
        {
            return FileKinds.Doc;
        }

        if (Has("Workbook") || Has("Book"))
        {
            return FileKinds.Xls;
        }

        if (Has("PowerPoint Document"))
        {
            return FileKinds.Ppt;
        }

        var outlookStreams = Has("__properties_version1.0")
            && file.ChildrenOf(file.Root).Any(e => e.Name.StartsWith("__substg1.0_", StringComparison.OrdinalIgnoreCase));
        return outlookStreams || file.Root.Clsid == OutlookMessageClass ? FileKinds.Msg : FileKinds.Ole2;
    }
}
