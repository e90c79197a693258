using System.Buffers;
using System.Net;
using System.Text;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Carving;
using MimeKit;

namespace Crible.Scanners.Web;

/// <summary>
/// <c>data:</c> URIs in HTML, SVG, scripts and style sheets (src, href, CSS url(), strings): Base64 payloads are decoded, and
/// percent-encoded HTML or script payloads unescaped; each is emitted as a decoded child named after its media
/// type, so what a page carries inline is analysed like a download.
/// </summary>
public sealed class DataUriScanner : IScanner
{
    private const int MaxUris = 1000;
    private const int MaxHeaderLength = 256;
    private static readonly SearchValues<char> NotInHeader = SearchValues.Create("\"'<>()\r\n\t ");

    public string Name => "data-uri";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return WebText.IsWebText(item);
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (WebText.Read(item, context) is not { } text)
        {
            return;
        }

        var count = 0;
        for (var at = text.IndexOf("data:", StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf("data:", at + 5, StringComparison.OrdinalIgnoreCase))
        {
            cancellation.ThrowIfCancellationRequested();
            if (ReadUri(text, at) is not { } uri)
            {
                continue;
            }

            if (++count > MaxUris)
            {
                context.Incomplete($"{Name}: only the first {MaxUris} data: URIs were decoded");
                return;
            }

            var name = $"data-uri-{count}{Extension(uri.MediaType, uri.Content)}";
            if (await context.EmitAsync(uri.Content, name, Relation.Decoded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }
    }

    /// <summary>"data:[media type][;param]*[;base64],payload" at <paramref name="at"/>; the payload ends where what
    /// opened it closes (the attribute's quote, the parenthesis of CSS url()), or at the first space or bracket.</summary>
    private static (string MediaType, byte[] Content)? ReadUri(string text, int at)
    {
        var comma = text.IndexOf(',', at, Math.Min(MaxHeaderLength, text.Length - at));
        if (comma < 0)
        {
            return null;
        }

        var header = text.AsSpan(at + 5, comma - at - 5);
        if (header.ContainsAny(NotInHeader))
        {
            return null;
        }

        var isBase64 = header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase);
        var mediaType = header.ToString().Split(';')[0].Trim().ToLowerInvariant();
        var opener = at > 0 ? text[at - 1] : ' ';
        var end = comma + 1;
        while (end < text.Length && (isBase64 ? WebText.IsBase64Symbol(text[end]) || text[end] is '\r' or '\n' or ' ' or '\t' || text[end] == '%' : !IsUriEnd(text[end], opener)))
        {
            end++;
        }

        var payload = text.AsSpan(comma + 1, end - comma - 1);
        if (isBase64)
        {
            var decoded = WebText.DecodeBase64(payload.Contains('%') ? WebUtility.UrlDecode(payload.ToString()) : payload);
            return decoded is { Length: > 0 } ? (mediaType, decoded) : null;
        }

        return IsActiveContent(mediaType) && payload.Length > 0 ? (mediaType, Encoding.UTF8.GetBytes(Uri.UnescapeDataString(payload.ToString()))) : null;
    }

    private static bool IsUriEnd(char c, char opener) => opener switch
    {
        '"' or '\'' or '`' => c == opener || c is '\r' or '\n',
        '(' => c is ')' or '"' or '\'' or '\r' or '\n',
        _ => c is '"' or '\'' or '<' or '>' or '\r' or '\n' or ')' or ' ' or '`',
    };

    /// <summary>Unencoded payloads are worth a child only when a browser would run or render them.</summary>
    private static bool IsActiveContent(string mediaType) =>
        mediaType is "text/html" or "application/xhtml+xml" or "image/svg+xml" or "text/javascript" or "application/javascript" or "application/x-javascript" or "text/vbscript";

    private static string Extension(string mediaType, byte[] content)
    {
        if (KnownMagic.Identify(content) is { } format)
        {
            return "." + format.Extension;
        }

        return mediaType.Length > 0 && MimeTypes.TryGetExtension(mediaType, out var extension) ? extension : ".bin";
    }
}
