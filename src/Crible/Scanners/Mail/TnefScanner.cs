using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using MimeKit;
using MimeKit.Tnef;

namespace Crible.Scanners.Mail;

/// <summary>
/// TNEF streams (winmail.dat, application/ms-tnef): MimeKit's TNEF reader turns the attachments, the bodies and any
/// embedded message into MIME parts, which are emitted like a message's.
/// </summary>
public sealed class TnefScanner : IScanner
{
    public string Name => "tnef";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Tnef;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        using var stream = item.Data.OpenRead();
        var tnef = new TnefPart { Content = new MimeContent(stream) };
        List<MimeEntity> parts;
        try
        {
            parts = [.. tnef.ExtractAttachments()];
        }
        catch (Exception exception) when (exception is TnefException or FormatException or IOException or ArgumentException or InvalidOperationException)
        {
            context.Incomplete($"{Name}: the stream could not be read ({exception.Message})");
            return;
        }

        var emitter = new MimeTreeEmitter(context);
        foreach (var part in parts)
        {
            await emitter.EmitEntityAsync(part, 0, cancellation).ConfigureAwait(false);
            if (emitter.Exhausted)
            {
                break;
            }
        }
    }
}
