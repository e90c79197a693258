using Crible.Model;

namespace Crible.Scanners.Archives;

/// <summary>Small bounded reads at an offset of a sample, in memory or on disk, for the content checks that decide
/// whether a tool is worth starting.</summary>
internal static class SevenZipToolBytes
{
    /// <summary>Fills as much of <paramref name="buffer"/> as the sample holds from <paramref name="offset"/>; returns
    /// the number of bytes read (0 past the end).</summary>
    public static int ReadAt(SampleData data, long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset >= data.Length)
        {
            return 0;
        }

        var count = (int)Math.Min(buffer.Length, data.Length - offset);
        if (data.IsInMemory)
        {
            data.Memory.Span.Slice((int)offset, count).CopyTo(buffer);
            return count;
        }

        using var stream = data.OpenRead();
        stream.Seek(offset, SeekOrigin.Begin);
        stream.ReadExactly(buffer[..count]);
        return count;
    }
}
