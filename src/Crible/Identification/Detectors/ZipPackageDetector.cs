using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// Formats built on ZIP, told apart by their entries: OpenDocument (a stored "mimetype" entry first), Android
/// packages (AndroidManifest.xml with classes.dex), Office Open XML ([Content_Types].xml, then word/, xl/ or ppt/)
/// and Java archives (a manifest, classes, or the 0xCAFE marker jar tools put in the first entry). Only a ZIP that starts at offset 0 is refined: a ZIP appended to
/// an executable leaves it an executable.
/// </summary>
public sealed class ZipPackageDetector : IFileKindDetector
{
    private const int LocalHeaderLength = 30;
    private static readonly byte[] LocalHeader = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] SpannedArchive = [0x50, 0x4B, 0x07, 0x08];

    public int Priority => DetectorPriority.Refined;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (!probe.HasAt(0, LocalHeader) && !probe.HasAt(0, SpannedArchive))
        {
            return null;
        }

        var head = new HeaderBytes(probe.Head);
        if (HasOpenDocumentMimetype(head))
        {
            return FileKinds.Odf;
        }

        return Classify(ZipEntryNames.Read(probe)) ?? (HasJarMarker(head) ? FileKinds.Jar : null);
    }

    private static FileKind? Classify(IReadOnlyList<string> names)
    {
        bool Has(string name) => names.Contains(name, StringComparer.Ordinal);
        bool HasUnder(string folder) => names.Any(n => n.StartsWith(folder, StringComparison.Ordinal));

        if (Has("AndroidManifest.xml") && Has("classes.dex"))
        {
            return FileKinds.Apk;
        }

        if (Has("[Content_Types].xml"))
        {
            return HasUnder("word/") ? FileKinds.Docx
                : HasUnder("xl/") ? FileKinds.Xlsx
                : HasUnder("ppt/") ? FileKinds.Pptx
                : FileKinds.Ooxml;
        }

        if (Has("mimetype") && Has("META-INF/manifest.xml") && Has("content.xml"))
        {
            return FileKinds.Odf;
        }

        return Has("META-INF/MANIFEST.MF") || names.Any(n => n.EndsWith(".class", StringComparison.Ordinal)) ? FileKinds.Jar : null;
    }

    private static bool HasJarMarker(HeaderBytes head)
    {
        const int JarMarkerId = 0xCAFE;
        var nameLength = head.U16Le(26);
        var extraLength = head.U16Le(28);
        if (nameLength < 0 || extraLength < 0)
        {
            return false;
        }

        var at = LocalHeaderLength + nameLength;
        var end = at + extraLength;
        while (at + 4 <= end)
        {
            var id = head.U16Le(at);
            var size = head.U16Le(at + 2);
            if (id < 0 || size < 0)
            {
                return false;
            }

            if (id == JarMarkerId)
            {
                return true;
            }

            at += 4 + size;
        }

        return false;
    }

    private static bool HasOpenDocumentMimetype(HeaderBytes head)
    {
        var nameLength = head.U16Le(26);
        var extraLength = head.U16Le(28);
        if (nameLength != 8 || extraLength < 0 || !head.Matches(LocalHeaderLength, "mimetype"u8))
        {
            return false;
        }

        return head.Matches(LocalHeaderLength + nameLength + extraLength, "application/vnd.oasis.opendocument"u8);
    }
}
