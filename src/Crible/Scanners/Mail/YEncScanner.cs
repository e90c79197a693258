using System.Globalization;
using System.Text.RegularExpressions;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using MimeKit.Encodings;

namespace Crible.Scanners.Mail;

/// <summary>
/// yEnc blocks ("=ybegin … name=x", optional "=ypart", data, "=yend … crc32=…"), decoded with MimeKit's decoder.
/// Parts of a multi-part posting that share a name are joined in the order they appear; each file is emitted under
/// its name and its CRC-32 is checked when the trailer gives one.
/// </summary>
public sealed partial class YEncScanner : IScanner
{
    private const int MaxBlocks = 10_000;

    public string Name => "ydecode";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.YEnc;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (EncodedText.ReadAll(item, context) is not { } text)
        {
            return;
        }

        var files = new List<(string Name, MemoryStream Content)>();
        var position = 0;
        for (var blocks = 0; position < text.Length; blocks++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (blocks == MaxBlocks)
            {
                context.Incomplete($"{Name}: only the first {MaxBlocks} blocks were decoded");
                break;
            }

            var begin = EncodedText.FindLineStart(text, "=ybegin "u8, position);
            if (begin < 0)
            {
                break;
            }

            var header = EncodedText.LineAt(text, begin);
            position = EncodedText.NextLine(text, begin);
            if (EncodedText.FindLineStart(text, "=ypart "u8, position) == position)
            {
                position = EncodedText.NextLine(text, position);
            }

            var end = EncodedText.FindLineStart(text, "=yend"u8, position);
            var name = EncodedText.NameOr(Field(NamePattern(), header), $"ydecoded-{blocks + 1}");
            var decoded = Decode(text.AsSpan(position, (end < 0 ? text.Length : end) - position));
            Check(context, name, header.Contains(" part=", StringComparison.Ordinal), end < 0 ? null : EncodedText.LineAt(text, end), decoded);
            position = end < 0 ? text.Length : EncodedText.NextLine(text, end);
            Append(files, name, decoded);
        }

        foreach (var (name, content) in files)
        {
            content.Position = 0;
            if (await context.EmitAsync(content, name, Relation.Decoded, packedSize: null, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }
    }

    private static void Append(List<(string Name, MemoryStream Content)> files, string name, byte[] decoded)
    {
        var index = files.FindIndex(f => f.Name == name);
        if (index < 0)
        {
            files.Add((name, new MemoryStream()));
            index = files.Count - 1;
        }

        files[index].Content.Write(decoded);
    }

    /// <summary>A block with no trailer was cut short; one whose CRC-32 differs was damaged.</summary>
    /// <param name="isPart">A part of a multi-part posting: only its own pcrc32 applies to it.</param>
    private void Check(ScanContext context, string name, bool isPart, string? trailer, byte[] decoded)
    {
        if (trailer is null)
        {
            context.Incomplete($"{Name}: a block of {name} has no =yend line; the file is truncated");
            return;
        }

        var expected = Field(PartCrcPattern(), trailer) ?? (isPart ? null : Field(CrcPattern(), trailer));
        if (expected is not null && uint.TryParse(expected, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var crc) && crc != Crc32.Compute(decoded))
        {
            context.Incomplete($"{Name}: a block of {name} fails its CRC-32 check; the data is damaged");
        }
    }

    private static byte[] Decode(ReadOnlySpan<byte> payload)
    {
        var decoder = new YDecoder(payloadOnly: true);
        var input = payload.ToArray();
        var output = new byte[decoder.EstimateOutputLength(input.Length)];
        return output[..decoder.Decode(input, 0, input.Length, output)];
    }

    private static string? Field(Regex pattern, string line)
    {
        var match = pattern.Match(line);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"\bname=(.+)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\bpcrc32=([0-9a-fA-F]{1,8})\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PartCrcPattern();

    [GeneratedRegex(@"\bcrc32=([0-9a-fA-F]{1,8})\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CrcPattern();
}
