using Crible.Pipeline;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office;

/// <summary>Opens the OLE2 file a scanner was given, saying why when it cannot.</summary>
internal static class OleFiles
{
    /// <param name="reportFailure">False for scanners that run beside the <c>ole</c> scanner, which already says
    /// why a file cannot be read.</param>
    public static CompoundFile? Open(ScanItem item, ScanContext context, bool reportFailure)
    {
        var stream = item.Data.OpenRead();
        try
        {
            return CompoundFile.Open(stream);
        }
        catch (InvalidDataException exception)
        {
            stream.Dispose();
            if (reportFailure)
            {
                context.Incomplete($"{context.ScannerName}: not a readable OLE2 file ({exception.Message})");
            }

            return null;
        }
    }

    /// <summary>Emits one stream as it is, saying so when the file holds less of it than declared.</summary>
    public static async ValueTask<EmitResult> EmitStreamAsync(CompoundFile file, CompoundFileDirectoryEntry entry, string name, ScanContext context, CancellationToken cancellation)
    {
        var stream = file.OpenStream(entry);
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Problem is not null)
            {
                context.Incomplete($"{context.ScannerName}: {OleStreamNames.Escape(stream.Problem)}");
            }

            return await context.EmitAsync(stream, name, Model.Relation.Embedded, packedSize: null, cancellation).ConfigureAwait(false);
        }
    }
}
