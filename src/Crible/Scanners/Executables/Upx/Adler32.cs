namespace Crible.Scanners.Executables.Upx;

/// <summary>Adler-32 (RFC 1950), the checksum UPX keeps of the data before and after compression.</summary>
internal static class Adler32
{
    private const uint Modulus = 65521;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint a = 1;
        uint b = 0;
        while (data.Length > 0)
        {
            // 5552 bytes is the most that can be summed before the 32-bit sums may overflow.
            var block = data[..Math.Min(5552, data.Length)];
            foreach (var value in block)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[block.Length..];
        }

        return (b << 16) | a;
    }
}
