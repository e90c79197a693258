using System.Net.Sockets;
using Crible.Server.Doors;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crible.Server.Tests.Doors;

public sealed class DoorListenerTests
{
    [Fact]
    public async Task Connections_beyond_the_limit_wait_their_turn_and_every_one_is_served()
    {
        var port = ServerProcess.FreePort();
        using var door = new CountingDoor($"127.0.0.1:{port}", maxConnections: 4);
        await door.StartAsync(CancellationToken.None);
        try
        {
            var clients = Enumerable.Range(0, 40).Select(async _ =>
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                var reply = new byte[1];
                await client.GetStream().ReadExactlyAsync(reply);
                return reply[0];
            });

            var replies = await Task.WhenAll(clients);

            Assert.All(replies, r => Assert.Equal((byte)'!', r));
            Assert.Equal(40, door.Served);
            Assert.InRange(door.MostAtOnce, 1, 4);
        }
        finally
        {
            await door.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A door that holds each connection a moment and counts how many it held at once.</summary>
    private sealed class CountingDoor(string address, int maxConnections) : DoorListener("test", address, maxConnections, NullLogger.Instance)
    {
        private int _active;
        private int _served;
        private int _most;

        public int Served => Volatile.Read(ref _served);

        public int MostAtOnce => Volatile.Read(ref _most);

        protected override async Task ServeAsync(Stream connection, string? remote, CancellationToken cancellation)
        {
            var now = Interlocked.Increment(ref _active);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }

            await Task.Delay(20, cancellation);
            Interlocked.Decrement(ref _active);
            Interlocked.Increment(ref _served);
            await connection.WriteAsync("!"u8.ToArray(), cancellation);
        }
    }
}
