namespace Crible.Scanners.Pdf;

/// <summary>RC4, which the PDF standard security handler (revisions 2 to 4) uses and .NET does not provide.</summary>
internal static class Rc4
{
    public static byte[] Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input)
    {
        Span<byte> state = stackalloc byte[256];
        for (var i = 0; i < 256; i++)
        {
            state[i] = (byte)i;
        }

        for (int i = 0, j = 0; i < 256; i++)
        {
            j = (j + state[i] + key[i % key.Length]) & 0xFF;
            (state[i], state[j]) = (state[j], state[i]);
        }

        var output = new byte[input.Length];
        for (int n = 0, i = 0, j = 0; n < input.Length; n++)
        {
            i = (i + 1) & 0xFF;
            j = (j + state[i]) & 0xFF;
            (state[i], state[j]) = (state[j], state[i]);
            output[n] = (byte)(input[n] ^ state[(state[i] + state[j]) & 0xFF]);
        }

        return output;
    }
}
