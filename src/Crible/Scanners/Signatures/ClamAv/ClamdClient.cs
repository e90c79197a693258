using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Crible.Scanners.Signatures.ClamAv;

/// <summary>Talks to one clamd: <c>zINSTREAM</c> (4-byte big-endian chunk lengths, a zero length to end) and
/// <c>zVERSION</c>; replies are NUL-terminated and bounded in length.</summary>
public sealed class ClamdClient(EndPoint endpoint, TimeSpan timeout)
{
    private const int ChunkSize = 64 * 1024;
    private const int MaxReply = 4096;

    public EndPoint Endpoint => endpoint;

    /// <summary><c>HOST:PORT</c> or <c>unix:/path</c>.</summary>
    public static EndPoint ParseAddress(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            return new UnixDomainSocketEndPoint(address[5..]);
        }

        var colon = address.LastIndexOf(':');
        if (colon > 0 && IPAddress.TryParse(address[..colon].Trim('[', ']'), out var ip) && int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            return new IPEndPoint(ip, port);
        }

        throw new FormatException($"Signatures:ClamAv:Address '{address}' must be IP:PORT (127.0.0.1:3310) or unix:/path/to/clamd.ctl.");
    }

    /// <summary>Sends the content and returns clamd's reply, e.g. <c>stream: OK</c>.</summary>
    public async Task<string> InstreamAsync(Stream content, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        using var socket = await ConnectAsync(deadline.Token).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), deadline.Token).ConfigureAwait(false);
        var buffer = new byte[4 + ChunkSize];
        int read;
        while ((read = await content.ReadAsync(buffer.AsMemory(4, ChunkSize), deadline.Token).ConfigureAwait(false)) > 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)read);
            try
            {
                await stream.WriteAsync(buffer.AsMemory(0, 4 + read), deadline.Token).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // clamd stops reading when its limit is hit and says so: read its reply.
                return await ReadReplyAsync(stream, deadline.Token).ConfigureAwait(false);
            }
        }

        await stream.WriteAsync(new byte[4], deadline.Token).ConfigureAwait(false);
        return await ReadReplyAsync(stream, deadline.Token).ConfigureAwait(false);
    }

    public async Task<string> VersionAsync(CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        using var socket = await ConnectAsync(deadline.Token).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync("zVERSION\0"u8.ToArray(), deadline.Token).ConfigureAwait(false);
        return await ReadReplyAsync(stream, deadline.Token).ConfigureAwait(false);
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellation)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, cancellation).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<string> ReadReplyAsync(NetworkStream stream, CancellationToken cancellation)
    {
        var reply = new List<byte>();
        var buffer = new byte[512];
        while (reply.Count < MaxReply)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellation).ConfigureAwait(false);
            }
            catch (IOException) when (reply.Count > 0)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            var end = Array.IndexOf(buffer, (byte)0, 0, read);
            reply.AddRange(buffer.AsSpan(0, end < 0 ? read : end));
            if (end >= 0)
            {
                break;
            }
        }

        return reply.Count == 0 ? throw new IOException("clamd closed the connection without a reply") : Encoding.UTF8.GetString([.. reply]).Trim();
    }
}
