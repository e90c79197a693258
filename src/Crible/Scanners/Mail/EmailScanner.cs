using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using MimeKit;

namespace Crible.Scanners.Mail;

/// <summary>
/// E-mail messages (RFC 822/MIME, MIME HTML archives) and mbox files, read with MimeKit. One message: its parts are
/// emitted (see <see cref="MimeTreeEmitter"/>). An mbox of several messages: each message is emitted as a child
/// <c>message-N.eml</c>, analysed in turn. Passwords the text gives ("password: xyz") are offered to the
/// attachments.
/// </summary>
public sealed class EmailScanner : IScanner
{
    private const int MaxMessages = 100_000;
    private const int MaxMimeDepth = 64;

    public string Name => "email";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Email;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var isMbox = item.Data.Head.StartsWith("From "u8);
        using var stream = item.Data.OpenRead();
        var options = new ParserOptions { MaxMimeDepth = MaxMimeDepth };
        var parser = new MimeParser(options, stream, isMbox ? MimeFormat.Mbox : MimeFormat.Entity, persistent: false);
        try
        {
            var first = await parser.ParseMessageAsync(cancellation).ConfigureAwait(false);
            if (!isMbox || parser.IsEndOfStream)
            {
                await EmitPartsAsync(first, context, cancellation).ConfigureAwait(false);
                return;
            }

            await EmitMessagesAsync(first, parser, context, cancellation).ConfigureAwait(false);
        }
        catch (FormatException exception)
        {
            context.Incomplete($"{Name}: the message could not be parsed ({exception.Message})");
        }
    }

    private static async ValueTask EmitPartsAsync(MimeMessage message, ScanContext context, CancellationToken cancellation)
    {
        var emitter = new MimeTreeEmitter(context);
        await emitter.EmitMessageBodyAsync(message, cancellation).ConfigureAwait(false);
        var passwords = PasswordHints.Find(emitter.Text);
        if (passwords.Count > 0)
        {
            context.SuggestPasswords(passwords);
        }
    }

    private static async ValueTask EmitMessagesAsync(MimeMessage first, MimeParser parser, ScanContext context, CancellationToken cancellation)
    {
        var message = first;
        for (var index = 1; ; index++)
        {
            using var buffer = new MemoryStream();
            await message.WriteToAsync(buffer, cancellation).ConfigureAwait(false);
            buffer.Position = 0;
            if (await context.EmitAsync(buffer, $"message-{index}.eml", Relation.Extracted, packedSize: null, cancellation).ConfigureAwait(false) == EmitResult.Exhausted
                || parser.IsEndOfStream)
            {
                return;
            }

            if (index == MaxMessages)
            {
                context.Incomplete($"email: only the first {MaxMessages} messages of the mailbox were read");
                return;
            }

            message = await parser.ParseMessageAsync(cancellation).ConfigureAwait(false);
        }
    }
}
