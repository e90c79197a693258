using System.Globalization;
using System.IO.Compression;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office;

namespace Crible.Scanners.Installers;

/// <summary>Extracts the files of Symbian installation files (EPOC .sis, Symbian 6 to 8), inflating their
/// zlib-compressed data, each named by where it installs.</summary>
public sealed class SisScanner : IScanner
{
    private const uint NoDataFileType = 4;

    public string Name => "sis";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Sis;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var sis = await ScanItemBytes.ReadAsync(item, context, cancellation).ConfigureAwait(false);
        var problems = new List<string>();
        List<SisFile> files;
        bool compressed;
        try
        {
            files = SisReader.Read(sis, out compressed, problems);
        }
        catch (InvalidDataException exception)
        {
            context.Incomplete($"sis: the header is unreadable ({exception.Message})");
            return;
        }

        foreach (var problem in problems)
        {
            context.Incomplete($"sis: {problem}");
        }

        for (var index = 0; index < files.Count; index++)
        {
            cancellation.ThrowIfCancellationRequested();
            var file = files[index];
            if (file.FileType == NoDataFileType || file.Length == 0)
            {
                continue;
            }

            var name = file.FileName.Length > 0 ? file.FileName : string.Create(CultureInfo.InvariantCulture, $"file-{index}");
            var data = sis.AsMemory(file.Offset, file.Length);
            var result = compressed
                ? await EmitCompressedAsync(data, name, file.OriginalLength, context, cancellation).ConfigureAwait(false)
                : await context.EmitAsync(data, name, Relation.Extracted, cancellation).ConfigureAwait(false);
            if (result == EmitResult.Exhausted)
            {
                return;
            }
        }
    }

    private static async ValueTask<EmitResult> EmitCompressedAsync(ReadOnlyMemory<byte> data, string name, long originalLength, ScanContext context, CancellationToken cancellation)
    {
        try
        {
            var inflated = new CountingReadStream(new ZLibStream(new MemoryStream(data.ToArray(), writable: false), CompressionMode.Decompress));
            await using (inflated.ConfigureAwait(false))
            {
                var result = await context.EmitAsync(inflated, name, Relation.Extracted, packedSize: data.Length, cancellation).ConfigureAwait(false);
                if (result == EmitResult.Accepted && inflated.BytesRead < originalLength)
                {
                    context.Incomplete($"sis: {name} inflates to {inflated.BytesRead} of its declared {originalLength} bytes");
                }

                return result;
            }
        }
        catch (InvalidDataException exception)
        {
            context.Incomplete($"sis: {name} could not be inflated ({exception.Message})");
            return EmitResult.Refused;
        }
    }
}
