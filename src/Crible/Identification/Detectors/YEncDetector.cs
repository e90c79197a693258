using System.Text;
using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>yEnc-encoded data (Usenet binaries): a line "=ybegin ... size=N ... name=..." at the start of a line in
/// the head. After the mail headers detector, so a posted article stays a message.</summary>
public sealed class YEncDetector : IFileKindDetector
{
    public int Priority => DetectorPriority.Markup + 30;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = probe.Head;
        var at = head.IndexOf("=ybegin "u8);
        while (at >= 0)
        {
            if (at == 0 || head[at - 1] is (byte)'\n' or (byte)'\r')
            {
                var line = head[at..];
                var end = line.IndexOfAny((byte)'\n', (byte)'\r');
                var text = Encoding.Latin1.GetString(end < 0 ? line : line[..end]);
                if (text.Contains(" size=", StringComparison.Ordinal) && text.Contains(" name=", StringComparison.Ordinal))
                {
                    return FileKinds.YEnc;
                }
            }

            var next = head[(at + 1)..].IndexOf("=ybegin "u8);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return null;
    }
}
