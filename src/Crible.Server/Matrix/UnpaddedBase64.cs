namespace Crible.Server.Matrix;

/// <summary>Base64 as Matrix writes it: unpadded, standard or URL-safe alphabet on input, standard on output.</summary>
internal static class UnpaddedBase64
{
    public static byte[] Decode(string? text)
    {
        var value = (text ?? throw new FormatException("a base64 field is null")).Replace('-', '+').Replace('_', '/').TrimEnd('=');
        return Convert.FromBase64String(value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '='));
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');
}
