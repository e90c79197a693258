using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using SharpCompress.Archives.Zip;

namespace Crible.Scanners.Archives;

/// <summary>Extracts the members of ZIP archives and of the formats built on ZIP (OOXML, ODF, JAR, APK), trying the
/// analysis' passwords on ZipCrypto and AES members. The central directory is screened first for overlapping
/// entries (a non-recursive bomb) and undecodable methods; when it is damaged, the local headers are walked.</summary>
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

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var guard = Screen(item, context);
        var extractor = new ArchiveMemberExtractor(item, context, (stream, options) => ZipArchive.OpenArchive(stream, options), IsEmptyZip)
        {
            SkipReason = (index, listed, name) => guard?.SkipReason(index, listed, name),
            OnUnreadable = async (_, token) => await WalkLocalHeadersAsync(item, context, token).ConfigureAwait(false),
        };
        await extractor.ExtractAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>Reads the central directory on its own; reports overlapping entries. Null when it is unreadable
    /// (SharpCompress and the local-header walk then have their say).</summary>
    private static ZipBombGuard? Screen(ScanItem item, ScanContext context)
    {
        IReadOnlyList<ZipCentralEntry>? entries;
        try
        {
            using var stream = item.Data.OpenRead();
            entries = ZipCentralDirectory.Read(stream);
        }
        catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
        {
            entries = null;
        }

        if (entries is null)
        {
            return null;
        }

        var guard = new ZipBombGuard(entries, item.Size);
        if (guard.OverlappingCount > 0)
        {
            context.Report(
                "zip-overlapping-entries",
                Severity.Suspicious,
                "Entries share compressed data (a non-recursive zip bomb)",
                evidence: $"{guard.OverlappingCount} of {entries.Count} central-directory entries point into the data of another entry",
                attack: ["T1499"]);
            context.Incomplete($"zip: {guard.OverlappingCount} entries overlap the data of another entry and were not extracted (zip bomb construction)");
        }

        return guard;
    }

    private static async ValueTask<bool> WalkLocalHeadersAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        var emitted = await ZipLocalHeaderWalk.EmitAsync(item, context, cancellation).ConfigureAwait(false);
        if (emitted == 0)
        {
            return false;
        }

        context.Incomplete($"zip: the central directory is damaged or missing; {emitted} member(s) were read from their local headers");
        return true;
    }

    /// <summary>An archive with no member is only its end-of-central-directory record.</summary>
    private static bool IsEmptyZip(ScanItem item) => item.Data.Head.StartsWith("PK\u0005\u0006"u8);
}
