using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office;

/// <summary>
/// Emits the streams of OLE2 compound files (Word, Excel, PowerPoint, MSI and any other) as embedded children named
/// by their storage path (<c>Macros/VBA/dir</c>, <c>ObjectPool/_1234/\u0001Ole10Native</c>), so embedded objects
/// (ObjectPool, MBD storages, Package and CONTENTS streams) are analysed. OLE Packages are unwrapped to the file
/// they hold. Property sets (\u0005...), \u0001CompObj and \u0003ObjInfo are bookkeeping and are not emitted; nor
/// are an installer's database tables. Encryption is reported, and the file is then never clean.
/// Outlook messages have their own scanner.
/// </summary>
public sealed class OleScanner : IScanner
{
    private const string OrphanFolder = "(unlinked)";

    public string Name => "ole";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return OfficeKinds.IsOle2(item.Kind) && item.Kind != FileKinds.Msg;
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
            context.Incomplete($"encrypted: {encryption}; decryption is not supported yet");
            context.Report("encrypted", Severity.Info, $"Encrypted document: {encryption}");
        }

        if (file.Orphans.Any(e => e.IsStream))
        {
            context.Report("unlinked-streams", Severity.Info, "Streams that the directory tree does not lead to", string.Join(", ", file.Orphans.Select(e => OleStreamNames.Escape(e.Name))));
        }

        var installer = item.Kind == FileKinds.Msi;
        var streams = file.Descendants().Select(e => (Entry: e, Path: file.PathOf(e)))
            .Concat(file.Orphans.Select(e => (Entry: e, Path: OrphanFolder + "/" + e.Name)))
            .Where(s => s.Entry.IsStream && s.Entry.Size > 0 && !IsBookkeeping(s.Entry.Name, installer));
        foreach (var (entry, path) in streams)
        {
            cancellation.ThrowIfCancellationRequested();
            var name = OleStreamNames.Escape(installer ? OleStreamNames.DecodeInstallerName(path) : path);
            var result = entry.Name == "\u0001Ole10Native"
                ? await EmitNativeAsync(file, entry, name, context, cancellation).ConfigureAwait(false)
                : await OleFiles.EmitStreamAsync(file, entry, name, context, cancellation).ConfigureAwait(false);
            if (result == EmitResult.Exhausted)
            {
                break;
            }
        }
    }

    private static bool IsBookkeeping(string name, bool installer) =>
        name.StartsWith('\u0005')
        || name is "\u0001CompObj" or "\u0003ObjInfo"
        || (installer && name.StartsWith(OleStreamNames.InstallerTableMarker));

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
