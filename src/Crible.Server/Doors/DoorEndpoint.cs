using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Crible.Server.Doors;

/// <summary>Where a door listens: <c>HOST:PORT</c> (an IP address, <c>[v6]:port</c> or <c>localhost</c>) or
/// <c>unix:/path/to/socket</c>.</summary>
public static class DoorEndpoint
{
    public static EndPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            return new UnixDomainSocketEndPoint(text[5..]);
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"'{text}' is not an address to listen on: write HOST:PORT (127.0.0.1:3310) or unix:/path.");
        }

        var host = text[..colon].Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var address)
            ? new IPEndPoint(address, port)
            : throw new FormatException($"'{host}' is not an IP address: a door listens on an address of this machine (127.0.0.1, 0.0.0.0, ::).");
    }
}
