using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Carving;

/// <summary>
/// A program or an archive appended after the end of a file's own data: a PE's or an ELF's overlay past its last section, data
/// after a JPEG's end-of-image, a PNG's IEND, a GIF's trailer, a BMP's declared size or a PDF's last %%EOF. The
/// payload is emitted as an embedded child named after its offset; a program appended to an image or a document
/// is suspicious, an archive or a program in a program's overlay (self-extractors, installers) is informational.
/// </summary>
public sealed class OverlayScanner : IScanner
{
    public string Name => "overlay";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return DataEnd.Knows(item.Kind);
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        using var bytes = new SampleBytes(item.Data);
        var end = DataEnd.Find(item.Kind, bytes);
        if (end is not { } dataEnd || dataEnd <= 0 || dataEnd >= bytes.Length)
        {
            return;
        }

        cancellation.ThrowIfCancellationRequested();
        if (PayloadFinder.FindAt(bytes, dataEnd) is not { } payload)
        {
            return;
        }

        Report(item, context, payload);
        var stream = bytes.OpenSlice(payload.Offset, payload.Length);
        await using (stream.ConfigureAwait(false))
        {
            await context.EmitAsync(stream, $"overlay@0x{payload.Offset:x}", Relation.Embedded, packedSize: null, cancellation).ConfigureAwait(false);
        }
    }

    private static void Report(ScanItem item, ScanContext context, CarvedPayload payload)
    {
        var isProgram = item.Kind == FileKinds.Pe || item.Kind == FileKinds.Elf;
        var where = isProgram ? "after the last section of the program" : $"after the end of the {item.Kind.Description}";
        var evidence = $"{payload.Format.Name} at offset 0x{payload.Offset:x}, {payload.Length} bytes";
        if (payload.Format.IsExecutable && !isProgram)
        {
            context.Report(
                "appended-program",
                Severity.Suspicious,
                $"A program is appended {where}",
                evidence,
                attack: ["T1027.009"]);
        }
        else if (payload.Format.IsExecutable)
        {
            context.Report("appended-program", Severity.Info, $"A program is appended {where}", evidence);
        }
        else
        {
            context.Report("appended-archive", Severity.Info, $"An archive is appended {where}", evidence);
        }
    }
}
