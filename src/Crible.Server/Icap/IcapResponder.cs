using System.Globalization;
using System.Net;
using System.Text;
using Crible.Model;
using Crible.Server.Analyses;
using Crible.Server.Doors;

namespace Crible.Server.Icap;

/// <summary>Writes ICAP answers: OPTIONS, 204, the unchanged message, the 403 page, errors.</summary>
public sealed class IcapResponder(IcapOptions options, EngineHolder engines)
{
    /// <summary>Changes whenever the rules change, so caches of ICAP clients drop verdicts made with old rules.</summary>
    public string IsTag => $"\"CRIBLE-{engines.Current.RulesVersion}\"";

    public byte[] Options() => Head("200 OK", keepAlive: true, [
        "Methods: REQMOD, RESPMOD",
        "Service: Crible multi-engine file analysis",
        string.Create(CultureInfo.InvariantCulture, $"Max-Connections: {options.MaxConnections}"),
        string.Create(CultureInfo.InvariantCulture, $"Options-TTL: {options.OptionsTtlSeconds}"),
        "Allow: 204",
        string.Create(CultureInfo.InvariantCulture, $"Preview: {options.PreviewBytes}"),
        "Transfer-Preview: *",
        "Encapsulated: null-body=0",
    ]);

    public byte[] Error(string status) => Head(status, keepAlive: false, ["Encapsulated: null-body=0"]);

    public byte[] NoContent(IReadOnlyList<string> headers, bool keepAlive) => Head("204 No Content", keepAlive, [.. headers, "Encapsulated: null-body=0"]);

    /// <summary>200 with the client's own message, for clients that did not allow 204.</summary>
    public byte[] Unchanged(IcapRequest request, byte[]? body, IReadOnlyList<string> headers, bool keepAlive)
    {
        ArgumentNullException.ThrowIfNull(request);
        var isRequest = request.Method == "REQMOD";
        var httpHead = isRequest ? request.RequestHeader : request.ResponseHeader;
        var section = isRequest ? "req" : "res";
        var encapsulated = body is null
            ? $"Encapsulated: {section}-hdr=0, null-body={httpHead.Length}"
            : $"Encapsulated: {section}-hdr=0, {section}-body={httpHead.Length}";
        return Concat(Head("200 OK", keepAlive, [.. headers, encapsulated]), httpHead, body is null ? [] : Chunked(body));
    }

    /// <summary>200 with an HTTP 403 page in place of the message.</summary>
    public byte[] Blocked(string title, string detail, IReadOnlyList<string> headers, bool keepAlive)
    {
        var page = Encoding.UTF8.GetBytes($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Blocked by Crible</title></head>
            <body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(detail)}</p></body></html>
            """);
        var http = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 403 Forbidden\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {page.Length}\r\nCache-Control: no-store\r\n\r\n"));
        return Concat(Head("200 OK", keepAlive, [.. headers, $"Encapsulated: res-hdr=0, res-body={http.Length}"]), http, Chunked(page));
    }

    /// <summary>The headers that say what was found: X-Infection-Found, X-Violations-Found and X-Virus-ID for
    /// malicious files, X-Crible-* always.</summary>
    public static List<string> VerdictHeaders(DoorVerdict verdict, string fileName)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var headers = new List<string> { $"X-Crible-Verdict: {verdict.Verdict.ToString().ToLowerInvariant()}", $"X-Crible-Analysis: {verdict.Record.Id}" };
        if (verdict.Verdict == Verdict.Malicious)
        {
            var threats = verdict.Threats.Count == 0 ? [verdict.FirstThreat] : verdict.Threats;
            headers.Add($"X-Infection-Found: Type=0; Resolution=2; Threat={threats[0]};");
            var violations = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"X-Violations-Found: {threats.Count}"));
            foreach (var threat in threats)
            {
                violations.Append(CultureInfo.InvariantCulture, $"\r\n\t{HeaderSafe(fileName)}\r\n\t{threat}\r\n\t0\r\n\t2");
            }

            headers.Add(violations.ToString());
            headers.Add($"X-Virus-ID: {threats[0]}");
        }
        else if (verdict.Verdict == Verdict.Unanalysable)
        {
            headers.Add($"X-Crible-Reason: {HeaderSafe(verdict.ReasonSummary)}");
        }

        return headers;
    }

    public static string HeaderSafe(string text) => new([.. (text ?? string.Empty).Select(c => c is < ' ' or > '~' ? '_' : c).Take(400)]);

    private byte[] Head(string status, bool keepAlive, IEnumerable<string> headers)
    {
        var head = new StringBuilder();
        head.Append("ICAP/1.0 ").Append(status).Append("\r\n");
        head.Append("ISTag: ").Append(IsTag).Append("\r\n");
        head.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n");
        head.Append("Server: Crible-ICAP\r\n");
        head.Append("Connection: ").Append(keepAlive ? "keep-alive" : "close").Append("\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }

    private static byte[] Chunked(byte[] body)
    {
        if (body.Length == 0)
        {
            return "0\r\n\r\n"u8.ToArray();
        }

        var size = Encoding.ASCII.GetBytes(body.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        return Concat(size, body, "\r\n0\r\n\r\n"u8.ToArray());
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var all = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }

        return all;
    }
}
