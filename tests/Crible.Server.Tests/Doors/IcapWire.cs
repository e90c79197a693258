using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Crible.Server.Tests.Doors;

/// <summary>ICAP as a client writes and reads it, byte for byte.</summary>
public static class IcapWire
{
    /// <summary>What La Suite's ICAP backend sends: REQMOD of <c>POST /&lt;filename&gt;</c>, Allow: 204, no
    /// Preview, the whole file as one chunk.</summary>
    public static byte[] LaSuiteRequest(int port, string fileName, byte[] content, bool allow204 = true)
    {
        var http = $"POST /{fileName} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {content.Length}\r\n\r\n";
        var icap = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"REQMOD icap://127.0.0.1:{port}/avscan ICAP/1.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: 127.0.0.1:{port}\r\n")
            .Append(allow204 ? "Allow: 204\r\n" : string.Empty)
            .Append(CultureInfo.InvariantCulture, $"Encapsulated: req-hdr=0, req-body={Encoding.ASCII.GetByteCount(http)}\r\n\r\n")
            .Append(http)
            .Append(CultureInfo.InvariantCulture, $"{content.Length:x}\r\n");
        return [.. Encoding.ASCII.GetBytes(icap.ToString()), .. content, .. "\r\n0\r\n\r\n"u8];
    }

    public static async Task<IcapResponse> ExchangeAsync(TcpClient client, byte[] request)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        return await ReadAsync(stream);
    }

    /// <summary>One response: status line, ICAP headers, encapsulated HTTP head and de-chunked body.</summary>
    public static async Task<IcapResponse> ReadAsync(NetworkStream stream)
    {
        var head = await ReadUntilAsync(stream, "\r\n\r\n"u8.ToArray());
        var lines = Encoding.ASCII.GetString(head).Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            if (line[0] == '\t' && last is not null)
            {
                headers[last] += "\n" + line[1..];
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            last = line[..colon];
            headers[last] = line[(colon + 1)..].Trim();
        }

        var http = string.Empty;
        var body = Array.Empty<byte>();
        var encapsulated = headers.GetValueOrDefault("Encapsulated", "null-body=0");
        if (!encapsulated.StartsWith("null-body", StringComparison.Ordinal))
        {
            var entries = encapsulated.Split(',', StringSplitOptions.TrimEntries).Select(e => e.Split('=')).ToList();
            var bodyOffset = int.Parse(entries[^1][1], CultureInfo.InvariantCulture);
            var httpBytes = new byte[bodyOffset];
            await stream.ReadExactlyAsync(httpBytes);
            http = Encoding.ASCII.GetString(httpBytes);
            if (!entries[^1][0].StartsWith("null", StringComparison.Ordinal))
            {
                body = await ReadChunkedAsync(stream);
            }
        }

        return new IcapResponse(lines[0], headers, http, body);
    }

    private static async Task<byte[]> ReadChunkedAsync(NetworkStream stream)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = Encoding.ASCII.GetString(await ReadUntilAsync(stream, "\r\n"u8.ToArray())).Trim();
            var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                await ReadUntilAsync(stream, "\r\n"u8.ToArray());
                return body.ToArray();
            }

            var chunk = new byte[size + 2];
            await stream.ReadExactlyAsync(chunk);
            body.Write(chunk, 0, size);
        }
    }

    private static async Task<byte[]> ReadUntilAsync(NetworkStream stream, byte[] end)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < end.Length || !bytes.Skip(bytes.Count - end.Length).SequenceEqual(end))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException($"connection closed after {Encoding.ASCII.GetString([.. bytes])}");
            }

            bytes.Add(one[0]);
        }

        return [.. bytes];
    }
}

/// <summary>An ICAP response as a test sees it.</summary>
public sealed record IcapResponse(string Status, IReadOnlyDictionary<string, string> Headers, string HttpHead, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}
