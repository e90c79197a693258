using System.Globalization;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.Encryption;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office;

/// <summary>
/// Emits the streams of OLE2 compound files (Word, Excel, PowerPoint and any other) as embedded children named by
/// their storage path (<c>Macros/VBA/dir</c>, <c>Data</c>, control characters written <c>\u0001</c>). An embedded
/// object's storage (Word's ObjectPool/_nnn, Excel's MBDxxxxxxxx) is emitted whole, as an OLE2 file of its own, whose
/// streams (\u0001Ole10Native, Package, CONTENTS...) are then emitted in turn. OLE Packages are unwrapped to the
/// file they hold. The applications' own record streams (WordDocument, 1Table, Workbook, PowerPoint Document...) are
/// structures, not files: only the ZIP packages they embed are emitted. Property sets (\u0005...), \u0001CompObj,
/// \u0003ObjInfo and an embedded object's bare \u0001Ole are bookkeeping and are not emitted. Streams the directory
/// tree does not reach are emitted under "(unlinked)". An encrypted document is decrypted when a known password
/// opens it (the decrypted file is a child); otherwise the file is incomplete, never clean.
/// Outlook messages have their own scanner; Windows Installer packages are opened by 7-Zip (the 7zz scanner).
/// </summary>
public sealed class OleScanner(OfficeDecryptionOptions decryptionOptions) : IScanner
{
    private const string OrphanFolder = "(unlinked)";
    private const int BareOleStreamLength = 20;

    /// <summary>The record streams of Word, Excel and PowerPoint 97-2003 themselves: not files, but structures that
    /// format-aware scanners parse from the compound file (the powerpoint scanner its OLE objects). Emitted whole,
    /// they would be taken for what they happen to embed (an Office theme package makes them look like a damaged ZIP).</summary>
    private static readonly HashSet<string> StructureStreams = new(StringComparer.OrdinalIgnoreCase)
    {
        "WordDocument", "1Table", "0Table", "Workbook", "Book", "PowerPoint Document", "Current User",
    };

    private readonly EncryptedDocumentEmitter _decryption = new(decryptionOptions);

    public string Name => "ole";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return OfficeKinds.IsOle2(item.Kind) && item.Kind != FileKinds.Msg && item.Kind != FileKinds.Msi;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        using var file = OleFiles.Open(item, context, reportFailure: true);
        if (file is null)
        {
            return;
        }

        foreach (var problem in file.Problems)
        {
            context.Incomplete($"ole: {OleStreamNames.Escape(problem)}");
        }

        if (OfficeEncryption.Describe(file) is { } encryption)
        {
            context.Report("encrypted", Severity.Info, $"Encrypted document: {encryption}");
            await _decryption.EmitAsync(file, item, encryption, context, cancellation).ConfigureAwait(false);
        }

        var unlinked = file.Orphans.Where(e => e.IsStream).ToList();
        if (unlinked.Count > 0)
        {
            context.Report("unlinked-streams", Severity.Info, $"{unlinked.Count} stream(s) the directory tree does not lead to", string.Join(", ", unlinked.Take(20).Select(e => OleStreamNames.Escape(e.Name))));
        }

        foreach (var (entry, path) in Items(file).Where(i => i.Entry.IsStorage || (i.Entry.Size > 0 && !IsBookkeeping(i.Entry))))
        {
            cancellation.ThrowIfCancellationRequested();
            var name = OleStreamNames.Escape(path);
            var result = entry.IsStorage ? await EmitObjectAsync(file, entry, name, item.Size, context, cancellation).ConfigureAwait(false)
                : entry.Name == "\u0001Ole10Native" ? await EmitNativeAsync(file, entry, name, context, cancellation).ConfigureAwait(false)
                : path == entry.Name && StructureStreams.Contains(entry.Name) ? await EmitEmbeddedPackagesAsync(file, entry, name, context, cancellation).ConfigureAwait(false)
                : await OleFiles.EmitStreamAsync(file, entry, name, context, cancellation).ConfigureAwait(false);
            if (result == EmitResult.Exhausted)
            {
                break;
            }
        }
    }

    /// <summary>The streams to emit and the embedded object storages (whose content then goes with them), parents
    /// first, then the unlinked streams.</summary>
    private static IEnumerable<(CompoundFileDirectoryEntry Entry, string Path)> Items(CompoundFile file)
    {
        var pending = new Stack<CompoundFileDirectoryEntry>(file.ChildrenOf(file.Root).Reverse());
        while (pending.Count > 0)
        {
            var entry = pending.Pop();
            var path = file.PathOf(entry);
            if (entry.IsStream || IsEmbeddedObject(entry, path))
            {
                yield return (entry, path);
                continue;
            }

            foreach (var child in file.ChildrenOf(entry).Reverse())
            {
                pending.Push(child);
            }
        }

        foreach (var orphan in file.Orphans.Where(e => e.IsStream))
        {
            yield return (orphan, OrphanFolder + "/" + orphan.Name);
        }
    }

    /// <summary>Word keeps embedded objects in ObjectPool/_nnn storages, Excel in MBDxxxxxxxx storages at the root.</summary>
    private static bool IsEmbeddedObject(CompoundFileDirectoryEntry entry, string path) =>
        entry.IsStorage
        && (path.Equals("ObjectPool/" + entry.Name, StringComparison.OrdinalIgnoreCase)
            || (path == entry.Name && entry.Name.StartsWith("MBD", StringComparison.OrdinalIgnoreCase)));

    /// <summary>An embedded object's storage, copied into an OLE2 file of its own (a workbook in a document is then
    /// a workbook, with its macros where macro scanners look).</summary>
    private static async ValueTask<EmitResult> EmitObjectAsync(CompoundFile file, CompoundFileDirectoryEntry storage, string name, long fileSize, ScanContext context, CancellationToken cancellation)
    {
        var copy = StorageCopier.Copy(file, storage, fileSize, asMessage: false, out var complete);
        if (copy is null)
        {
            context.Incomplete($"ole: the embedded object {name} adds up to more than the file itself (streams sharing sectors); not extracted");
            return EmitResult.Refused;
        }

        if (!complete)
        {
            context.Incomplete($"ole: the embedded object {name} is damaged; what could be read was extracted");
        }

        return await context.EmitAsync(copy, name, Relation.Embedded, cancellation).ConfigureAwait(false);
    }

    /// <summary>Property sets, class and object info, and an embedded object's bare \u0001Ole header (a linked
    /// object's is longer: it holds the link's moniker, and is kept).</summary>
    private static bool IsBookkeeping(CompoundFileDirectoryEntry entry) =>
        entry.Name.StartsWith('\u0005')
        || entry.Name is "\u0001CompObj" or "\u0003ObjInfo"
        || (entry.Name == "\u0001Ole" && entry.Size <= BareOleStreamLength);

    /// <summary>A record stream gives the ZIP packages it embeds (Office 2007's theme and colour mapping).</summary>
    private static async ValueTask<EmitResult> EmitEmbeddedPackagesAsync(CompoundFile file, CompoundFileDirectoryEntry entry, string name, ScanContext context, CancellationToken cancellation)
    {
        var maxBytes = (int)Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength);
        var bytes = file.ReadStream(entry, maxBytes, out var complete);
        if (!complete)
        {
            context.Incomplete($"ole: {name} could not be read whole ({bytes.Length} of {entry.Size} bytes)");
        }

        foreach (var (offset, length) in EmbeddedZipPackages.Find(bytes))
        {
            var packageName = string.Create(CultureInfo.InvariantCulture, $"{name}/package@{offset:X}.zip");
            if (await context.EmitAsync(bytes.AsMemory(offset, length), packageName, Relation.Embedded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return EmitResult.Exhausted;
            }
        }

        return EmitResult.Accepted;
    }

    /// <summary>An OLE1 object kept in an OLE2 file: the packaged file when it is an OLE Package, else the stream.</summary>
    private static async ValueTask<EmitResult> EmitNativeAsync(CompoundFile file, CompoundFileDirectoryEntry entry, string name, ScanContext context, CancellationToken cancellation)
    {
        var maxBytes = (int)Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength);
        var bytes = file.ReadStream(entry, maxBytes, out var complete);
        if (complete && OlePackage.TryParseOle10Native(bytes, out var package, out _) && package is not null)
        {
            return await OlePackageEmitter.EmitAsync(package, name, context, cancellation).ConfigureAwait(false);
        }

        return await OleFiles.EmitStreamAsync(file, entry, name, context, cancellation).ConfigureAwait(false);
    }
}
