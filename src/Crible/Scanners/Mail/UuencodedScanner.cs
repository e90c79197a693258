using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using MimeKit.Encodings;

namespace Crible.Scanners.Mail;

/// <summary>
/// uuencoded blocks ("begin 644 name" … "end") and their Base64 variant ("begin-base64 644 name" … "===="), decoded
/// with MimeKit's decoders; each block is emitted under the name its begin line gives.
/// </summary>
public sealed class UuencodedScanner : IScanner
{
    private const int MaxBlocks = 1000;

    public string Name => "uudecode";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Uuencoded;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (EncodedText.ReadAll(item, context) is not { } text)
        {
            return;
        }

        var position = 0;
        for (var blocks = 0; blocks < MaxBlocks; blocks++)
        {
            cancellation.ThrowIfCancellationRequested();
            var begin = EncodedText.FindLineStart(text, "begin"u8, position);
            if (begin < 0)
            {
                return;
            }

            var line = EncodedText.LineAt(text, begin);
            position = EncodedText.NextLine(text, begin);
            if (!IsBeginLine(line, out var isBase64, out var name))
            {
                continue;
            }

            var end = EncodedText.FindLineStart(text, isBase64 ? "===="u8 : "end"u8, position);
            if (end < 0)
            {
                context.Incomplete($"{Name}: the block of {name} has no end line; the file is truncated");
            }

            var payload = text.AsMemory(position, (end < 0 ? text.Length : end) - position);
            var decoded = Decode(payload.Span, isBase64);
            position = end < 0 ? text.Length : EncodedText.NextLine(text, end);
            if (await context.EmitAsync(decoded, EncodedText.NameOr(name, $"uudecoded-{blocks + 1}"), Relation.Decoded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }

        context.Incomplete($"{Name}: only the first {MaxBlocks} blocks were decoded");
    }

    private static bool IsBeginLine(string line, out bool isBase64, out string name)
    {
        isBase64 = line.StartsWith("begin-base64 ", StringComparison.Ordinal);
        name = string.Empty;
        var fields = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3 || fields[0] is not ("begin" or "begin-base64") || fields[1].Length is < 3 or > 4 || !fields[1].All(c => c is >= '0' and <= '7'))
        {
            return false;
        }

        name = fields[2];
        return true;
    }

    private static byte[] Decode(ReadOnlySpan<byte> payload, bool isBase64)
    {
        IMimeDecoder decoder = isBase64 ? new Base64Decoder() : new UUDecoder(payloadOnly: true);
        var input = payload.ToArray();
        var output = new byte[decoder.EstimateOutputLength(input.Length)];
        var length = decoder.Decode(input, 0, input.Length, output);
        return output[..length];
    }
}
