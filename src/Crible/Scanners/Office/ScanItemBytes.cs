using Crible.Pipeline;

namespace Crible.Scanners.Office;

/// <summary>Reads a file whole for parsers that need it in memory, at most the in-memory limit (saying so when the
/// file is longer).</summary>
internal static class ScanItemBytes
{
    public static async ValueTask<byte[]> ReadAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        var limit = Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength);
        if (item.Data.IsInMemory && item.Size <= limit)
        {
            return item.Data.Memory.ToArray();
        }

        var length = (int)Math.Min(item.Size, limit);
        var bytes = new byte[length];
        var stream = item.Data.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            var read = await stream.ReadAtLeastAsync(bytes, length, throwOnEndOfStream: false, cancellation).ConfigureAwait(false);
            if (read < length)
            {
                bytes = bytes[..read];
            }
        }

        if (item.Size > length)
        {
            context.Incomplete($"{context.ScannerName}: only the first {length} of {item.Size} bytes were read");
        }

        return bytes;
    }
}
