using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// A file that is nothing but Base64 (one long line, or lines of one length): the alphabet only, padding only at
/// the end, at least <see cref="MinimumSymbols"/> symbols, and not only hexadecimal digits (a hex dump is also in
/// the alphabet). After the markup detectors, before scripts are guessed from words.
/// </summary>
public sealed class Base64TextDetector : IFileKindDetector
{
    private const int MinimumSymbols = 64;

    public int Priority => DetectorPriority.Markup + 40;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var isWhole = probe.Length <= probe.Head.Length;
        return IsBase64(probe.Head, isWhole) && (isWhole || IsBase64(AfterFirstLine(probe.Tail), isWhole: true)) ? FileKinds.Base64 : null;
    }

    /// <param name="isWhole">True when the bytes reach the end of the file, so the last line may be short.</param>
    private static bool IsBase64(ReadOnlySpan<byte> bytes, bool isWhole)
    {
        var symbols = 0;
        var lineLength = -1;
        var current = 0;
        var padding = 0;
        var onlyHex = true;
        var sawShortLine = false;
        foreach (var b in bytes)
        {
            if (b is (byte)'\n' or (byte)'\r')
            {
                if (current > 0)
                {
                    // Lines share one length; only the last may be shorter.
                    if (sawShortLine)
                    {
                        return false;
                    }

                    sawShortLine = lineLength >= 0 && current != lineLength;
                    lineLength = lineLength < 0 ? current : lineLength;
                }

                current = 0;
                continue;
            }

            if (b == '=')
            {
                padding++;
            }
            else if (padding > 0 || !IsSymbol(b))
            {
                return false;
            }
            else
            {
                onlyHex &= char.IsAsciiHexDigit((char)b);
            }

            symbols++;
            current++;
        }

        return symbols >= MinimumSymbols && padding <= 2 && !onlyHex && (!isWhole || symbols % 4 == 0 || padding == 0);
    }

    /// <summary>The tail starts in the middle of a line: judge it from the next one.</summary>
    private static ReadOnlySpan<byte> AfterFirstLine(ReadOnlySpan<byte> tail)
    {
        var end = tail.IndexOf((byte)'\n');
        return end < 0 ? tail : tail[(end + 1)..];
    }

    private static bool IsSymbol(byte b) => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'/';
}
