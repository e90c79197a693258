using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// A ZIP archive behind an unrecognised prefix (a stub, junk, a polyglot): an end record in the last 64 KiB that
/// points at a real central directory. It runs after every format with a header of its own, so an executable or an
/// image with a ZIP appended keeps its kind.
/// </summary>
public sealed class AppendedZipDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Structure + 20;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return ZipEntryNames.TryLocateCentralDirectory(probe, out _, out _) ? FileKinds.Zip : null;
    }
}
