using Crible.Model;

namespace Crible.Scanners.Executables;

/// <summary>Reads a sample whole when it fits the in-memory budget, otherwise its first part.</summary>
internal static class PrefixReader
{
    public static async ValueTask<byte[]> ReadAsync(SampleData data, long budget, CancellationToken cancellation)
    {
        if (data.IsInMemory && data.Length <= budget)
        {
            return data.Memory.ToArray();
        }

        var length = (int)Math.Min(Math.Min(data.Length, budget), Array.MaxLength);
        var buffer = new byte[length];
        var stream = data.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            await stream.ReadAtLeastAsync(buffer, length, throwOnEndOfStream: false, cancellation).ConfigureAwait(false);
        }

        return buffer;
    }
}
