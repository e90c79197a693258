using System.Buffers;
using Crible.Model;

namespace Crible.Scanners.Archives;

/// <summary>
/// Tells a Nullsoft (NSIS) installer from any other PE: its data starts with a "first header" (flags, 0xDEADBEEF,
/// "NullsoftInst") on a 512-byte boundary after the installer stub, within the first megabyte.
/// </summary>
internal static class NsisSignature
{
    private const int Alignment = 512;
    private const int SearchLength = 1024 * 1024;

    private static ReadOnlySpan<byte> Marker => [0xEF, 0xBE, 0xAD, 0xDE, 0x4E, 0x75, 0x6C, 0x6C, 0x73, 0x6F, 0x66, 0x74, 0x49, 0x6E, 0x73, 0x74]; // 0xDEADBEEF, "NullsoftInst"

    public static bool IsPresent(SampleData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var length = (int)Math.Min(data.Length, SearchLength);
        if (length < Alignment + 4 + Marker.Length)
        {
            return false;
        }

        if (data.IsInMemory)
        {
            return Contains(data.Memory.Span[..length]);
        }

        var window = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var read = SevenZipToolBytes.ReadAt(data, 0, window.AsSpan(0, length));
            return Contains(window.AsSpan(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(window);
        }
    }

    private static bool Contains(ReadOnlySpan<byte> window)
    {
        for (var offset = Alignment; offset + 4 + Marker.Length <= window.Length; offset += Alignment)
        {
            if (window.Slice(offset + 4, Marker.Length).SequenceEqual(Marker))
            {
                return true;
            }
        }

        return false;
    }
}
