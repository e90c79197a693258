namespace Crible.Tests.Scanners.Office.Encryption;

/// <summary>RC4 for the tests' own encryptors, written apart from Crible's so a test never checks Crible's cipher
/// with itself.</summary>
internal static class TestRc4
{
    public static byte[] Apply(byte[] key, ReadOnlySpan<byte> input)
    {
        var state = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
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
