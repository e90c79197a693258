using System.Net.Sockets;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Signatures.ClamAv;

/// <summary>
/// Asks a real clamd about each file of the tree. <c>FOUND</c> is a malicious finding named after ClamAV's
/// signature; an error, a limit or an unreachable clamd makes the file incomplete, never clean.
/// </summary>
public sealed class ClamAvScanner(ClamdClient client, ClamAvOptions options) : IScanner
{
    private const string FoundSuffix = " FOUND";
    private const string ErrorSuffix = " ERROR";

    public string Name => "clamav";

    public bool Accepts(ScanItem item) => true;

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (item.Size > options.MaxStreamBytes)
        {
            context.Incomplete($"clamav: {item.Size} bytes is more than the {options.MaxStreamBytes} sent to clamd (Signatures:ClamAv:MaxStreamBytes)");
            return;
        }

        string reply;
        try
        {
            using var content = item.Data.OpenRead();
            reply = await client.InstreamAsync(content, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            context.Incomplete($"clamav: clamd at {client.Endpoint} did not answer within {options.Timeout.TotalSeconds:0} s");
            return;
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            context.Incomplete($"clamav: clamd at {client.Endpoint} is unreachable ({exception.Message})");
            return;
        }

        Interpret(reply, context);
    }

    /// <summary>Turns one INSTREAM reply into a finding or a reason.</summary>
    internal static void Interpret(string reply, ScanContext context)
    {
        var answer = reply.StartsWith("stream: ", StringComparison.Ordinal) ? reply[8..] : reply;
        if (answer == "OK")
        {
            return;
        }

        if (answer.EndsWith(FoundSuffix, StringComparison.Ordinal) && answer.Length > FoundSuffix.Length)
        {
            var signature = answer[..^FoundSuffix.Length].Trim();
            context.Report(
                id: signature,
                Severity.Malicious,
                title: $"ClamAV signature {signature}",
                evidence: $"clamd answered \"{reply}\"",
                meta: new Dictionary<string, string>(StringComparer.Ordinal) { ["signature"] = signature });
            return;
        }

        var problem = answer.EndsWith(ErrorSuffix, StringComparison.Ordinal) ? answer[..^ErrorSuffix.Length].Trim() : answer;
        context.Incomplete($"clamav: clamd could not scan the file ({Bounded(problem)})");
    }

    private static string Bounded(string text) => new([.. text.Select(c => char.IsControl(c) ? ' ' : c).Take(200)]);
}
