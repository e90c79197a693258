using System.Text;
using System.Text.RegularExpressions;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Carving;
using Crible.Scanners.Mail;
using Crible.Scanners.Web;

namespace Crible.Scanners.Scripts;

/// <summary>
/// Commands and payloads that scripts carry encoded, decoded and emitted so they are analysed in turn: PowerShell's
/// <c>-EncodedCommand</c> (any prefix: <c>-enc</c>, <c>-e</c>; UTF-16LE Base64), Base64 literals handed to
/// <c>FromBase64String</c>, <c>b64decode</c> and friends (gzip, zlib or deflate inside them unpacked), and
/// <c>echo … | base64 -d</c>. Base64 blobs of known formats in web text are left to <see cref="ScriptBlobScanner"/>.
/// </summary>
public sealed class EncodedCommandScanner : IScanner
{
    public const string ChildPrefix = "encoded-command";
    private const int MaxPayloads = 200;
    private const int MaxEvidence = 200;
    private static readonly Regex EncodedCommand = TextPatterns.Create(@"(^|[\s""'^])[-/](?<switch>e[a-z]{0,13})\^?\s+[""']?(?<data>[A-Za-z0-9+/]{16,}={0,2})");
    private static readonly Regex Base64Call = TextPatterns.Create(@"(?<call>FromBase64String|b64decode|decodestring|decodebytes|base64_decode|decode_base64)\s*\(\s*[""'](?<data>[A-Za-z0-9+/=\r\n ]{16,})[""']");
    private static readonly Regex EchoBase64 = TextPatterns.Create(@"\becho\s+(-n\s+)?[""']?(?<data>[A-Za-z0-9+/=]{16,})[""']?\s*\|\s*base64\s+(-d|--decode|-D)\b");

    public string Name => "encoded-command";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ScriptLanguage.Of(item) is not null || item.Kind == FileKinds.Text;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (WebText.Read(item, context) is not { } text)
        {
            return;
        }

        var dialect = ScriptLanguage.Of(item);
        List<(int Offset, byte[] Bytes, bool IsCommand, bool DeflateNamed)> candidates;
        try
        {
            candidates = [.. Candidates(text).Take(MaxPayloads + 1)];
        }
        catch (RegexMatchTimeoutException)
        {
            context.Incomplete($"{Name}: pattern matching took longer than {TextPatterns.Timeout.TotalSeconds} s on this file");
            return;
        }

        if (candidates.Count > MaxPayloads)
        {
            context.Incomplete($"{Name}: only the first {MaxPayloads} encoded payloads were decoded");
            candidates.RemoveAt(MaxPayloads);
        }

        foreach (var (offset, bytes, isCommand, compressedHint) in candidates)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!await EmitAsync(item, context, dialect, offset, bytes, isCommand, compressedHint, cancellation).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private static IEnumerable<(int Offset, byte[] Bytes, bool IsCommand, bool DeflateNamed)> Candidates(string text)
    {
        foreach (Match match in EncodedCommand.Matches(text))
        {
            var word = match.Groups["switch"].Value.ToLowerInvariant();
            if ((word == "ec" || "encodedcommand".StartsWith(word, StringComparison.Ordinal)) && WebText.DecodeBase64(match.Groups["data"].Value) is { } bytes)
            {
                yield return (match.Groups["data"].Index, bytes, true, false);
            }
        }

        foreach (var match in Base64Call.Matches(text).Concat(EchoBase64.Matches(text)))
        {
            var data = match.Groups["data"];
            var after = text.AsSpan(data.Index, Math.Min(text.Length - data.Index, data.Length + 400));
            var before = text.AsSpan(Math.Max(0, match.Index - 200), Math.Min(match.Index, 200));
            var deflate = after.Contains("Deflate", StringComparison.OrdinalIgnoreCase) || before.Contains("Deflate", StringComparison.OrdinalIgnoreCase);
            if (WebText.DecodeBase64(data.Value) is { } bytes)
            {
                yield return (data.Index, bytes, false, deflate);
            }
        }
    }

    /// <returns>False once the analysis is exhausted.</returns>
    private static async ValueTask<bool> EmitAsync(ScanItem item, ScanContext context, ScriptDialect? dialect, int offset, byte[] bytes, bool isCommand, bool deflateNamed, CancellationToken cancellation)
    {
        var limits = context.Limits;
        var maxOutput = Math.Min(limits.MaxInMemoryBytes, Math.Max(limits.RatioCheckFloorBytes, (long)bytes.Length * limits.MaxRatio));
        var (payload, decompressed, truncated) = EncodedPayload.Unwrap(bytes, deflateNamed, maxOutput);
        payload = EncodedPayload.Utf16ToUtf8(payload);
        var format = KnownMagic.Identify(payload);
        var isText = format is null && Base64TextScanner.LooksLikeText(payload);
        if (format is null && !isText)
        {
            return true;
        }

        // ScriptBlobScanner already emits long Base64 strings of known formats from web text.
        if (!isCommand && !decompressed && format is not null && bytes.Length * 4 / 3 >= ScriptBlobScanner.MinBlobLength && WebText.IsWebText(item))
        {
            return true;
        }

        var extension = format?.Extension ?? (isCommand ? "ps1" : Extension(dialect));
        var preview = isText ? Preview(payload) : $"{format!.Name}, {payload.Length} bytes";
        if (isCommand)
        {
            context.Report("encoded-command", Severity.Suspicious, "PowerShell command passed Base64-encoded (-EncodedCommand)", preview, ["T1027", "T1059.001", "T1140"]);
        }
        else
        {
            context.Report("base64-payload", decompressed || format is not null ? Severity.Suspicious : Severity.Info,
                decompressed ? "Decodes and decompresses an embedded Base64 payload" : "Decodes an embedded Base64 payload", preview,
                decompressed ? ["T1140", "T1027"] : ["T1140"]);
        }

        if (truncated)
        {
            context.LimitHit("ratio", $"the payload at offset {offset} expands past {maxOutput} bytes; analysed the first {maxOutput}");
        }

        var name = $"{(isCommand ? ChildPrefix : "base64-payload")}@{offset}.{extension}";
        return await context.EmitAsync(payload, name, Relation.Decoded, cancellation).ConfigureAwait(false) != EmitResult.Exhausted;
    }

    private static string Extension(ScriptDialect? dialect) => dialect switch
    {
        ScriptDialect.PowerShell => "ps1",
        ScriptDialect.Python => "py",
        ScriptDialect.Shell => "sh",
        ScriptDialect.Perl => "pl",
        ScriptDialect.VbScript => "vbs",
        ScriptDialect.JavaScript => "js",
        _ => "txt",
    };

    private static string Preview(byte[] payload)
    {
        var text = Encoding.UTF8.GetString(payload, 0, Math.Min(payload.Length, MaxEvidence * 4)).ReplaceLineEndings(" ");
        return text.Length > MaxEvidence ? text[..MaxEvidence] + "…" : text;
    }
}
