using System.Text;
using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// uuencoded data: a line "begin MODE NAME" (or "begin-base64 MODE NAME") at the start of a line in the head, whose
/// next line is encoded data. After the mail headers detector, so a message with a uuencoded body stays a message.
/// </summary>
public sealed class UuencodedDetector : IFileKindDetector
{
    private const int MaxCandidates = 64;

    public int Priority => DetectorPriority.Markup + 30;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (probe.Head.IndexOf("begin"u8) < 0)
        {
            return null;
        }

        var lines = Encoding.Latin1.GetString(probe.Head).Split('\n');
        var candidates = 0;
        for (var index = 0; index + 1 < lines.Length && candidates < MaxCandidates; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (!line.StartsWith("begin", StringComparison.Ordinal))
            {
                continue;
            }

            candidates++;
            if (IsBeginLine(line, out var base64) && IsDataLine(lines[index + 1].TrimEnd('\r'), base64))
            {
                return FileKinds.Uuencoded;
            }
        }

        return null;
    }

    /// <summary>"begin 644 name": three or four octal digits then a name.</summary>
    internal static bool IsBeginLine(string line, out bool base64)
    {
        base64 = line.StartsWith("begin-base64 ", StringComparison.Ordinal);
        var rest = base64 ? line["begin-base64 ".Length..] : line.StartsWith("begin ", StringComparison.Ordinal) ? line["begin ".Length..] : null;
        if (rest is null)
        {
            return false;
        }

        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        return space is >= 3 and <= 4 && rest[..space].All(c => c is >= '0' and <= '7') && rest[(space + 1)..].Trim().Length > 0;
    }

    private static bool IsDataLine(string line, bool base64)
    {
        if (base64)
        {
            return line.Length >= 4 && line.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=');
        }

        if (line.Length == 0 || line.Any(c => c is < ' ' or > '`'))
        {
            return false;
        }

        var count = (line[0] - ' ') & 0x3F;
        var needed = 1 + ((count + 2) / 3 * 4);
        return count > 0 && line.Length >= needed - 2 && line.Length <= needed + 2;
    }
}
