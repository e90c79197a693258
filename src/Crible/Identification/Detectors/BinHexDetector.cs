using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// BinHex 4.0 files: the line "(This file must be converted with BinHex 4.0)" that every encoder writes, followed
/// by the ':' that opens the encoded data. After the mail headers detector, so a message carrying BinHex stays a
/// message.
/// </summary>
public sealed class BinHexDetector : IFileKindDetector
{
    private const int SearchLength = 4096;

    public int Priority => DetectorPriority.Markup + 30;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = probe.Head[..Math.Min(probe.Head.Length, SearchLength)];
        var at = head.IndexOf("(This file must be converted with BinHex"u8);
        if (at < 0 || (at > 0 && head[at - 1] is not ((byte)'\n' or (byte)'\r')))
        {
            return null;
        }

        var rest = head[at..];
        var lineEnd = rest.IndexOfAny((byte)'\n', (byte)'\r');
        return lineEnd >= 0 && rest[lineEnd..].TrimStart("\r\n \t"u8).StartsWith(":"u8) ? FileKinds.BinHex : null;
    }
}
