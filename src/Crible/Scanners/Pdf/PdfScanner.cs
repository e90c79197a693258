using System.Text;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Carving;

namespace Crible.Scanners.Pdf;

/// <summary>
/// PDF as a container, read at the raw level so broken files still give their content: embedded files (emitted
/// under the names their file specifications give), JavaScript (inline strings and streams, emitted as
/// <c>objN.js</c>) and any other stream that decodes to a known format (a program, an archive, a document).
/// Encrypted files are opened with the empty user password when that is how they were made; otherwise they are
/// reported as encrypted.
/// </summary>
public sealed class PdfScanner : IScanner
{
    private const int MaxObjects = 1_000_000;

    public string Name => "pdf";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Pdf;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var data = Read(item, context);
        var document = PdfDocument.Read(data, MaxObjects, MaxStreamOutput(context, data.Length), context.Passwords);
        foreach (var problem in document.Problems)
        {
            context.Incomplete($"{Name}: {problem}");
        }

        if (document.IsEncrypted)
        {
            if (document.Security is null)
            {
                var reason = document.EncryptionFailure == PdfSecurityHandler.PasswordRequired ? "a user password is required and no known password opens it" : document.EncryptionFailure;
                context.Incomplete($"encrypted: PDF streams cannot be decrypted ({reason})");
                return;
            }

            context.Report(
                "encrypted",
                Severity.Info,
                document.Password is null ? "Encrypted PDF opened with the empty user password" : "Encrypted PDF opened with a known password",
                document.Password is null ? $"{document.Security.StreamCipher} streams" : $"'{document.Password}', {document.Security.StreamCipher} streams");
        }

        var payloads = PdfPayloads.Collect(document);
        try
        {
            new PdfActiveContent(document, payloads, context).Report(data);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            context.Incomplete($"{Name}: reading the scripts took longer than {TextPatterns.Timeout.TotalSeconds} s");
        }

        var emitter = new PdfEmitter(document, context, Name);
        if (!await EmitScriptsAsync(payloads, emitter, cancellation).ConfigureAwait(false))
        {
            return;
        }

        foreach (var stream in document.Objects.Where(o => o.HasStream))
        {
            cancellation.ThrowIfCancellationRequested();
            if (!await EmitStreamAsync(stream, payloads, emitter, cancellation).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private static byte[] Read(ScanItem item, ScanContext context)
    {
        var limit = context.Limits.MaxInMemoryBytes;
        if (item.Size <= limit)
        {
            return item.Data.ReadAllBytes();
        }

        context.Incomplete($"pdf: only the first {limit} bytes of {item.Size} were read");
        using var stream = item.Data.OpenRead();
        var head = new byte[limit];
        stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head;
    }

    /// <summary>A stream may not decode to more than the in-memory bound, nor beyond the ratio the limits allow.</summary>
    private static long MaxStreamOutput(ScanContext context, long fileLength)
    {
        var limits = context.Limits;
        var byRatio = fileLength > long.MaxValue / limits.MaxRatio ? long.MaxValue : fileLength * limits.MaxRatio;
        return Math.Min(limits.MaxInMemoryBytes, Math.Max(limits.RatioCheckFloorBytes, byRatio));
    }

    private static async ValueTask<bool> EmitScriptsAsync(PdfPayloads payloads, PdfEmitter emitter, CancellationToken cancellation)
    {
        foreach (var script in payloads.Scripts.Where(s => s.Text is not null))
        {
            if (!await emitter.EmitScriptTextAsync(script.Owner, script.Text!, cancellation).ConfigureAwait(false))
            {
                return false;
            }
        }

        if (payloads.Scripts.Count > 0)
        {
            emitter.ReportScripts(payloads.Scripts.Count);
        }

        return true;
    }

    private static async ValueTask<bool> EmitStreamAsync(PdfObject stream, PdfPayloads payloads, PdfEmitter emitter, CancellationToken cancellation)
    {
        var dictionary = stream.Dictionary!;
        var type = dictionary.NameOf("Type");
        if (payloads.EmbeddedFileNames.TryGetValue(stream.Number, out var name) || type == "EmbeddedFile")
        {
            return await emitter.EmitStreamAsync(stream, name ?? $"{stream.Label}.bin", Relation.Embedded, mustBeKnown: false, cancellation).ConfigureAwait(false);
        }

        if (payloads.ScriptStreams.Contains(stream.Number))
        {
            return await emitter.EmitStreamAsync(stream, $"{stream.Label}.js", Relation.Decoded, mustBeKnown: false, cancellation).ConfigureAwait(false);
        }

        if (type is "XRef" or "ObjStm" || dictionary.NameOf("Subtype") == "Image")
        {
            return true;
        }

        return await emitter.EmitStreamAsync(stream, stream.Label, Relation.Decoded, mustBeKnown: true, cancellation).ConfigureAwait(false);
    }
}
