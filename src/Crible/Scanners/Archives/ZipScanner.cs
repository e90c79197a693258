using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using SharpCompress.Archives.Zip;

namespace Crible.Scanners.Archives;

/// <summary>Extracts the members of ZIP archives and of the formats built on ZIP (OOXML, ODF, JAR, APK), trying the
/// analysis' passwords on ZipCrypto and AES members.</summary>
public sealed class ZipScanner : IScanner
{
    private static readonly HashSet<FileKind> ZipBased =
    [
        FileKinds.Zip, FileKinds.Jar, FileKinds.Apk, FileKinds.Docx, FileKinds.Xlsx, FileKinds.Pptx, FileKinds.Ooxml, FileKinds.Odf,
    ];

    public string Name => "zip";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ZipBased.Contains(item.Kind);
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation) =>
        new ArchiveMemberExtractor(item, context, (stream, options) => ZipArchive.OpenArchive(stream, options), IsEmptyZip).ExtractAsync(cancellation);

    /// <summary>An archive with no member is only its end-of-central-directory record.</summary>
    private static bool IsEmptyZip(ScanItem item) => item.Data.Head.StartsWith("PK\u0005\u0006"u8);
}
