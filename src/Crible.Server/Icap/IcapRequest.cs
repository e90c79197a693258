using System.Globalization;
using Crible.Server.Doors;

namespace Crible.Server.Icap;

/// <summary>One ICAP request's head: method, URI, headers and the encapsulated HTTP headers (raw bytes, echoed
/// back unchanged when the message passes).</summary>
public sealed record IcapRequest(
    string Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    byte[] RequestHeader,
    byte[] ResponseHeader,
    string? BodyKind,
    int? Preview)
{
    private const int MaxHeadLine = 16 * 1024;
    private const int MaxHeaders = 100;
    private const int MaxEncapsulatedHeaders = 256 * 1024;

    public bool HasBody => BodyKind is "req-body" or "res-body";

    public bool Allows204 => Headers.TryGetValue("Allow", out var allow) && allow.Split(',').Any(a => a.Trim() == "204");

    public bool KeepAlive => !(Headers.TryGetValue("Connection", out var connection) && connection.Contains("close", StringComparison.OrdinalIgnoreCase));

    /// <summary>The next request on the connection, null when the client closed it cleanly.</summary>
    public static async Task<IcapRequest?> ReadAsync(ProtocolReader reader, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? first;
        do
        {
            first = await reader.ReadLineAsync((byte)'\n', MaxHeadLine, cancellation).ConfigureAwait(false);
            if (first is null)
            {
                return null;
            }
        }
        while (first.Length == 0);

        var parts = first.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("ICAP/1.", StringComparison.Ordinal) || !Uri.TryCreate(parts[1], UriKind.Absolute, out var uri) || uri.Scheme != "icap")
        {
            throw new ProtocolException($"not an ICAP request line: {Printable(first)}");
        }

        var headers = await ReadHeadersAsync(reader, cancellation).ConfigureAwait(false);
        var sections = Encapsulated(headers);
        var requestHeader = Array.Empty<byte>();
        var responseHeader = Array.Empty<byte>();
        string? bodyKind = null;
        for (var i = 0; i < sections.Count; i++)
        {
            var (name, offset) = sections[i];
            if (name is "req-body" or "res-body" or "null-body" or "opt-body")
            {
                if (i != sections.Count - 1)
                {
                    throw new ProtocolException("the body must be the last entry of Encapsulated");
                }

                bodyKind = name;
                break;
            }

            if (i + 1 >= sections.Count)
            {
                throw new ProtocolException("Encapsulated must end with a body entry (req-body, res-body or null-body)");
            }

            var length = sections[i + 1].Offset - offset;
            if (length < 0 || length > MaxEncapsulatedHeaders)
            {
                throw new ProtocolException("Encapsulated offsets are not increasing or too far apart");
            }

            var bytes = new byte[length];
            await reader.ReadExactlyAsync(bytes, cancellation).ConfigureAwait(false);
            if (name == "req-hdr")
            {
                requestHeader = bytes;
            }
            else if (name == "res-hdr")
            {
                responseHeader = bytes;
            }
            else
            {
                throw new ProtocolException($"unknown Encapsulated entry {Printable(name)}");
            }
        }

        int? preview = null;
        if (headers.TryGetValue("Preview", out var previewText))
        {
            preview = int.TryParse(previewText, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : throw new ProtocolException("Preview must be a number of bytes");
        }

        return new IcapRequest(parts[0], uri, headers, requestHeader, responseHeader, bodyKind, preview);
    }

    private static async Task<Dictionary<string, string>> ReadHeadersAsync(ProtocolReader reader, CancellationToken cancellation)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var count = 0; ; count++)
        {
            var line = await reader.ReadLineAsync((byte)'\n', MaxHeadLine, cancellation).ConfigureAwait(false) ?? throw new ProtocolException("the connection ended inside the ICAP headers");
            if (line.Length == 0)
            {
                return headers;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || count >= MaxHeaders)
            {
                throw new ProtocolException(colon <= 0 ? $"not an ICAP header: {Printable(line)}" : $"more than {MaxHeaders} ICAP headers");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }
    }

    private static List<(string Name, int Offset)> Encapsulated(Dictionary<string, string> headers)
    {
        if (!headers.TryGetValue("Encapsulated", out var value))
        {
            throw new ProtocolException("the Encapsulated header is missing");
        }

        var sections = new List<(string, int)>();
        foreach (var entry in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !int.TryParse(entry.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || sections.Count >= 4)
            {
                throw new ProtocolException($"bad Encapsulated entry {Printable(entry)}");
            }

            sections.Add((entry[..equals].Trim().ToLowerInvariant(), offset));
        }

        if (sections.Count == 0 || sections[0].Item2 != 0)
        {
            throw new ProtocolException("Encapsulated must start at offset 0");
        }

        return sections;
    }

    private static string Printable(string text) => new([.. text.Select(c => char.IsControl(c) ? '?' : c).Take(120)]);
}
