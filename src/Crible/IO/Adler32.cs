namespace Crible.IO;

/// <summary>Adler-32 (RFC 1950): zlib's trailer and AutoIt's block checksum.</summary>
public static class Adler32
{
    /// <summary>The most bytes that can be summed before the 32-bit sums must be reduced.</summary>
    private const int Run = 5552;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        for (var start = 0; start < data.Length; start += Run)
        {
            foreach (var value in data.Slice(start, Math.Min(Run, data.Length - start)))
            {
                a += value;
                b += a;
            }

            a %= 65521;
            b %= 65521;
        }

        return (b << 16) | a;
    }
}
