using Crible.Model;

namespace Crible.Identification;

/// <summary>
/// Recognises one format (or one family) from content. Detectors are found by reflection: adding a format means
/// adding one class with a parameterless constructor.
/// </summary>
public interface IFileKindDetector
{
    /// <summary>Lower runs first: specific formats (a DOCX is a ZIP) run before generic ones, text guesses last.</summary>
    int Priority { get; }

    /// <summary>The kind, or null when the content is not this format.</summary>
    FileKind? Detect(FileProbe probe);
}

/// <summary>Well-known priority bands.</summary>
public static class DetectorPriority
{
    /// <summary>Formats recognised by a container's content (OOXML inside ZIP, MSI inside OLE2).</summary>
    public const int Refined = 100;

    /// <summary>Formats with a fixed magic number.</summary>
    public const int Magic = 200;

    /// <summary>Short or weak magic numbers confirmed by further header fields (BMP, TIFF, ICO, LZMA, ARJ, binary
    /// cpio): after the strong magics, so a stray "BM" never hides a real format.</summary>
    public const int WeakMagic = 250;

    /// <summary>Formats recognised by structure elsewhere in the file (TAR at 257, ISO at 32769).</summary>
    public const int Structure = 300;

    /// <summary>Text formats with a grammar (mail headers, HTML, XML): before scripts guessed by their words.</summary>
    public const int Markup = 350;

    /// <summary>Text formats recognised by their words (scripts).</summary>
    public const int TextContent = 400;
}
