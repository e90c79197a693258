using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Crible.Server.Tests.Doors;

/// <summary>The clamd protocol as a client speaks it, byte for byte.</summary>
public static class ClamdWire
{
    public static async Task<string> CommandAsync(TcpClient client, string command)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command));
        return await ReadToEndAsync(stream);
    }

    /// <summary>zINSTREAM with the content in chunks of <paramref name="chunk"/> bytes; the NUL-terminated reply.</summary>
    public static async Task<string> InstreamAsync(TcpClient client, byte[] content, int chunk = 8192)
    {
        var stream = client.GetStream();
        await stream.WriteAsync("zINSTREAM\0"u8.ToArray());
        await WriteChunksAsync(stream, content, chunk);
        return await ReadToEndAsync(stream);
    }

    public static async Task WriteChunksAsync(NetworkStream stream, byte[] content, int chunk)
    {
        var length = new byte[4];
        for (var at = 0; at < content.Length; at += chunk)
        {
            var size = Math.Min(chunk, content.Length - at);
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)size);
            await stream.WriteAsync(length);
            await stream.WriteAsync(content.AsMemory(at, size));
        }

        await stream.WriteAsync(new byte[4]);
    }

    /// <summary>Everything the server sends until it closes the connection.</summary>
    public static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        using var all = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                all.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the last reply (the server closed with unread input).
        }

        return Encoding.UTF8.GetString(all.ToArray());
    }
}
