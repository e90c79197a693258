using System.Text;
using Crible.Model;
using Crible.Pipeline;
using MimeKit;
using MimeKit.Cryptography;

namespace Crible.Scanners.Mail;

/// <summary>
/// Walks the MIME tree of one message (or of the parts a TNEF stream yields) and emits what it holds: attachments and
/// inline parts as embedded children under their file names (or <c>part-N.ext</c>), decoded from base64,
/// quoted-printable or uuencode; text and HTML bodies as decoded <c>body.txt</c>/<c>body.html</c> children in UTF-8;
/// nested messages as <c>.eml</c> children. Collects the text read on the way for <see cref="PasswordHints"/>.
/// </summary>
internal sealed class MimeTreeEmitter(ScanContext context)
{
    private const int MaxDepth = 32;
    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _bodyNames = new(StringComparer.Ordinal);
    private int _parts;
    private int _messages;

    /// <summary>The subject, bodies and HTML text seen so far, bounded.</summary>
    public string Text => _text.ToString();

    /// <summary>Set once a limit of the analysis is reached: nothing more is emitted.</summary>
    public bool Exhausted { get; private set; }

    public void AddText(string? text)
    {
        if (!string.IsNullOrEmpty(text) && _text.Length < PasswordHints.MaxTextLength)
        {
            _text.Append(text.AsSpan(0, Math.Min(text.Length, PasswordHints.MaxTextLength - _text.Length))).Append('\n');
        }
    }

    public async ValueTask EmitMessageBodyAsync(MimeMessage message, CancellationToken cancellation)
    {
        AddText(message.Subject);
        if (message.Body is not null)
        {
            await EmitEntityAsync(message.Body, 0, cancellation).ConfigureAwait(false);
        }
    }

    public async ValueTask EmitEntityAsync(MimeEntity entity, int depth, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (Exhausted)
        {
            return;
        }

        if (depth > MaxDepth)
        {
            context.Incomplete($"{context.ScannerName}: MIME parts nested deeper than {MaxDepth} levels were not read");
            return;
        }

        switch (entity)
        {
            case MultipartEncrypted:
                context.Incomplete($"encrypted: {context.ScannerName}: a PGP/MIME encrypted part cannot be read");
                await EmitChildrenAsync((Multipart)entity, depth, cancellation).ConfigureAwait(false);
                break;
            case Multipart multipart:
                await EmitChildrenAsync(multipart, depth, cancellation).ConfigureAwait(false);
                break;
            case MessagePart { Message: { } message } messagePart:
                await EmitNestedMessageAsync(messagePart, message, cancellation).ConfigureAwait(false);
                break;
            case ApplicationPkcs7Mime { SecureMimeType: SecureMimeType.EnvelopedData or SecureMimeType.AuthEnvelopedData } encrypted:
                context.Incomplete($"encrypted: {context.ScannerName}: an S/MIME encrypted part cannot be read");
                await EmitPartAsync(encrypted, cancellation).ConfigureAwait(false);
                break;
            case TextPart { IsAttachment: false, FileName: null } text:
                await EmitBodyAsync(text, cancellation).ConfigureAwait(false);
                break;
            case MimePart part:
                await EmitPartAsync(part, cancellation).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask EmitChildrenAsync(Multipart multipart, int depth, CancellationToken cancellation)
    {
        foreach (var child in multipart)
        {
            await EmitEntityAsync(child, depth + 1, cancellation).ConfigureAwait(false);
        }
    }

    private async ValueTask EmitBodyAsync(TextPart text, CancellationToken cancellation)
    {
        var body = text.Text ?? string.Empty;
        if (text.IsPlain || text.IsHtml)
        {
            AddText(text.IsHtml ? HtmlText.Strip(body) : body);
        }

        var name = UniqueBodyName(text.IsHtml ? "html" : text.IsPlain ? "txt" : PartExtension(text.ContentType).TrimStart('.'));
        await EmitAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), name, Relation.Decoded, cancellation).ConfigureAwait(false);
    }

    private async ValueTask EmitPartAsync(MimePart part, CancellationToken cancellation)
    {
        _parts++;
        if (part.Content is null)
        {
            return;
        }

        var name = !string.IsNullOrWhiteSpace(part.FileName) ? part.FileName : LocationName(part) ?? $"part-{_parts}{PartExtension(part.ContentType)}";
        try
        {
            var stream = part.Content.Open();
            await using (stream.ConfigureAwait(false))
            {
                await EmitAsync(stream, name, Relation.Embedded, cancellation).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is FormatException or IOException or InvalidOperationException)
        {
            context.Incomplete($"{context.ScannerName}: part {name} could not be decoded ({exception.Message})");
        }
    }

    private async ValueTask EmitNestedMessageAsync(MessagePart part, MimeMessage message, CancellationToken cancellation)
    {
        _messages++;
        var name = string.IsNullOrWhiteSpace(part.ContentDisposition?.FileName) ? $"message-{_messages}.eml" : part.ContentDisposition.FileName;
        using var buffer = new MemoryStream();
        await message.WriteToAsync(buffer, cancellation).ConfigureAwait(false);
        buffer.Position = 0;
        await EmitAsync(buffer, name, Relation.Embedded, cancellation).ConfigureAwait(false);
    }

    private async ValueTask EmitAsync(Stream content, string name, Relation relation, CancellationToken cancellation)
    {
        var result = await context.EmitAsync(content, name, relation, packedSize: null, cancellation).ConfigureAwait(false);
        Exhausted |= result == EmitResult.Exhausted;
    }

    private string UniqueBodyName(string extension)
    {
        var name = $"body.{extension}";
        for (var index = 2; !_bodyNames.Add(name); index++)
        {
            name = $"body-{index}.{extension}";
        }

        return name;
    }

    /// <summary>MIME HTML names its resources by Content-Location: the last segment of that URL.</summary>
    private static string? LocationName(MimePart part)
    {
        var location = part.ContentLocation;
        var path = location is null ? null : location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;
        var name = path?.TrimEnd('/').Split('/', '\\')[^1];
        return string.IsNullOrWhiteSpace(name) ? null : Uri.UnescapeDataString(name);
    }

    private static string PartExtension(ContentType type) =>
        MimeTypes.TryGetExtension(type.MimeType, out var extension) ? extension : ".bin";
}
