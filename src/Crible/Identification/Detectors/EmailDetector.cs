using System.Text;
using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// E-mail messages (RFC 822/5322, MIME): the file opens with a block of "Name: value" header lines, optionally after
/// an mbox "From " separator, and the block names at least two of the headers every message carries. Read as
/// Latin-1 so 8-bit headers and binary bodies do not hide the structure.
/// </summary>
public sealed class EmailDetector : IFileKindDetector
{
    private const int SampleLength = 16 * 1024;
    private const int MaxHeaderLines = 500;
    private const int RequiredKnownHeaders = 2;

    private static readonly HashSet<string> KnownHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Subject", "Date", "Received", "Message-ID", "MIME-Version", "Return-Path", "Content-Type",
        "Reply-To", "In-Reply-To", "References", "Delivered-To", "X-Mailer", "DKIM-Signature", "Authentication-Results",
    };

    public int Priority => DetectorPriority.Markup;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = probe.Head;
        var skip = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var text = Encoding.Latin1.GetString(head[skip..Math.Min(head.Length, SampleLength)]);
        return CountKnownHeaders(text) >= RequiredKnownHeaders ? FileKinds.Email : null;
    }

    private static int CountKnownHeaders(string text)
    {
        var known = 0;
        var headers = 0;
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            var line = rawLine;
            if (lineNumber++ == 0 && IsMboxSeparator(line))
            {
                continue;
            }

            if (line.IsEmpty || lineNumber > MaxHeaderLines)
            {
                break;
            }

            if (line[0] is ' ' or '\t')
            {
                // A folded continuation belongs to the header before it; it cannot open the block.
                if (headers == 0)
                {
                    return 0;
                }

                continue;
            }

            var name = HeaderName(line);
            if (name.IsEmpty)
            {
                break;
            }

            headers++;
            if (char.IsAsciiLetterUpper(name[0]) && KnownHeaders.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
            {
                known++;
            }
        }

        return known;
    }

    private static bool IsMboxSeparator(ReadOnlySpan<char> line) =>
        line.StartsWith("From ", StringComparison.Ordinal) && line.Length > 5 && line[5] != ' ';

    /// <summary>The field name of a header line ("printable ASCII except colon", then a colon), or empty.</summary>
    private static ReadOnlySpan<char> HeaderName(ReadOnlySpan<char> line)
    {
        var colon = line.IndexOf(':');
        if (colon <= 0)
        {
            return [];
        }

        var name = line[..colon];
        foreach (var c in name)
        {
            if (c is < '!' or > '~')
            {
                return [];
            }
        }

        return name;
    }
}
