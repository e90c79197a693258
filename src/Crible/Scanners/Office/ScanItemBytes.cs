using Crible.Pipeline;

namespace Crible.Scanners.Office;

/// <summary>Reads a file whole for parsers that need it in memory, at most the in-memory limit (saying so when the
/// file is longer).</summary>
internal static class ScanItemBytes
{
    public static async ValueTask<byte[]> ReadAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        var bytes = await item.Data.ReadPrefixAsync(context.Limits.MaxInMemoryBytes, cancellation).ConfigureAwait(false);
        if (item.Size > bytes.Length)
        {
            context.Incomplete($"{context.ScannerName}: only the first {bytes.Length} of {item.Size} bytes were read");
        }

        return bytes;
    }
}
