using System.Globalization;
using System.Text;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.Msg;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office;

/// <summary>
/// Outlook messages (.msg): the text, HTML and compressed RTF bodies as decoded children (body.txt, body.html,
/// body.rtf), the transport headers (headers.txt), and every attachment as an embedded child named by its file name.
/// An attached e-mail or OLE object is a storage, not a stream: it is copied into an OLE2 file of its own (a .msg
/// for an e-mail), which the analyser then opens like any other. Attachments by reference are reported.
/// </summary>
public sealed class OutlookMessageScanner : IScanner
{
    private const int SubjectProperty = 0x0037;
    private const int SenderAddressProperty = 0x0C1F;
    private const int SenderNameProperty = 0x0C1A;
    private const int HeadersProperty = 0x007D;

    public string Name => "msg";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Msg;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        using var file = OleFiles.Open(item, context, reportFailure: true);
        if (file is null)
        {
            return;
        }

        foreach (var problem in file.Problems)
        {
            context.Incomplete($"msg: {OleStreamNames.Escape(problem)}");
        }

        var message = new MessageStorage(file, file.Root);
        ReportSummary(message, context);
        var maxBytes = (int)Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength);
        if (await EmitBodiesAsync(message, maxBytes, context, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
        {
            return;
        }

        var index = 0;
        foreach (var attachment in message.Attachments)
        {
            cancellation.ThrowIfCancellationRequested();
            var result = await EmitAttachmentAsync(new MessageStorage(file, attachment), index++, item.Size, context, cancellation).ConfigureAwait(false);
            if (result == EmitResult.Exhausted)
            {
                return;
            }
        }
    }

    private static void ReportSummary(MessageStorage message, ScanContext context)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, int property)
        {
            if (message.Text(property) is { } value)
            {
                meta[key] = value;
            }
        }

        Add("subject", SubjectProperty);
        Add("sender_name", SenderNameProperty);
        Add("sender_address", SenderAddressProperty);
        var attachments = message.Attachments.Count();
        meta["attachments"] = attachments.ToString(CultureInfo.InvariantCulture);
        var subject = meta.GetValueOrDefault("subject", "(no subject)");
        var sender = meta.GetValueOrDefault("sender_address") ?? meta.GetValueOrDefault("sender_name") ?? "(unknown sender)";
        context.Report("outlook-message", Severity.Info, $"Outlook message \"{subject}\" from {sender}, {attachments} attachment(s)", meta: meta);
    }

    private static async ValueTask<EmitResult> EmitBodiesAsync(MessageStorage message, int maxBytes, ScanContext context, CancellationToken cancellation)
    {
        var bodies = new List<(string Name, byte[] Content)>();
        if (ReadText(message, 0x1000, maxBytes) is { } text)
        {
            bodies.Add(("body.txt", text));
        }

        if (message.Stream("10130102") is { } html)
        {
            bodies.Add(("body.html", message.File.ReadStream(html, maxBytes, out _)));
        }
        else if (ReadText(message, 0x1013, maxBytes) is { } htmlText)
        {
            bodies.Add(("body.html", htmlText));
        }

        if (message.Stream("10090102") is { } rtf)
        {
            var compressed = message.File.ReadStream(rtf, maxBytes, out _);
            var decoded = CompressedRtf.Decompress(compressed, maxBytes, out var problem);
            if (problem is not null)
            {
                context.Incomplete($"msg: RTF body: {problem}");
            }

            bodies.Add(("body.rtf", decoded));
        }

        if (ReadText(message, HeadersProperty, maxBytes) is { } headers)
        {
            bodies.Add(("headers.txt", headers));
        }

        foreach (var (name, content) in bodies.Where(b => b.Content.Length > 0))
        {
            if (await context.EmitAsync(content, name, Relation.Decoded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return EmitResult.Exhausted;
            }
        }

        return EmitResult.Accepted;
    }

    /// <summary>A text property as UTF-8 (the 8-bit form is kept as it is).</summary>
    private static byte[]? ReadText(MessageStorage message, int property, int maxBytes)
    {
        var id = property.ToString("X4", CultureInfo.InvariantCulture);
        if (message.Stream(id + "001F") is { } unicode)
        {
            var text = Encoding.Unicode.GetString(message.File.ReadStream(unicode, maxBytes, out _)).TrimEnd('\0');
            return Encoding.UTF8.GetBytes(text);
        }

        return message.Stream(id + "001E") is { } ansi ? message.File.ReadStream(ansi, maxBytes, out _) : null;
    }

    private static async ValueTask<EmitResult> EmitAttachmentAsync(MessageStorage attachment, int index, long fileSize, ScanContext context, CancellationToken cancellation)
    {
        var name = attachment.Text(0x3707) ?? attachment.Text(0x3704) ?? attachment.Text(0x3001) ?? $"attachment-{index}";
        if (attachment.Stream("37010102") is { } data)
        {
            return await OleFiles.EmitStreamAsync(attachment.File, data, name, context, cancellation).ConfigureAwait(false);
        }

        if (attachment.SubStorage("3701000D") is { } storage)
        {
            var isMessage = attachment.File.Child(storage, "__properties_version1.0") is not null;
            var copy = StorageCopier.Copy(attachment.File, storage, fileSize, isMessage, out var complete);
            if (copy is null)
            {
                context.Incomplete($"msg: attachment {name} adds up to more than the message itself (streams sharing sectors); not extracted");
                return EmitResult.Refused;
            }

            if (!complete)
            {
                context.Incomplete($"msg: attachment {name} is damaged; what could be read was extracted");
            }

            var childName = isMessage && !name.EndsWith(".msg", StringComparison.OrdinalIgnoreCase) ? name + ".msg" : name;
            return await context.EmitAsync(copy, childName, Relation.Embedded, cancellation).ConfigureAwait(false);
        }

        if ((attachment.Text(0x370D) ?? attachment.Text(0x3708)) is { } reference)
        {
            context.Report("attachment-by-reference", Severity.Info, $"Attachment {name} refers to {reference}", reference);
        }

        return EmitResult.Accepted;
    }
}
