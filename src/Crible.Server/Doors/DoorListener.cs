using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crible.Server.Doors;

/// <summary>
/// Accepts connections for one protocol door with bounded concurrency: a connection is accepted only when one of
/// <c>maxConnections</c> slots is free, so a burst waits in the listen backlog instead of being refused or lost.
/// </summary>
public abstract partial class DoorListener(string name, string address, int maxConnections, ILogger logger) : BackgroundService
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, maxConnections), Math.Max(1, maxConnections));
    private Socket? _listener;

    /// <summary>Serves one connection until it ends; exceptions are logged, never fatal to the door.</summary>
    protected abstract Task ServeAsync(Stream connection, string? remote, CancellationToken cancellation);

    /// <summary>Binds before the host reports started, so a port in use stops the service at once and clients can
    /// connect as soon as it runs.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = DoorEndpoint.Parse(address);
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            if (endpoint is UnixDomainSocketEndPoint unix && File.Exists(unix.ToString()))
            {
                File.Delete(unix.ToString());
            }

            listener.Bind(endpoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        LogListening(logger, name, address);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        _slots.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = _listener ?? throw new InvalidOperationException("The door was not started.");
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                Socket socket;
                try
                {
                    socket = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
                }
                catch
                {
                    _slots.Release();
                    throw;
                }

                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(() => HandleAsync(socket, stoppingToken), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        listener.Dispose();
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task HandleAsync(Socket socket, CancellationToken stoppingToken)
    {
        var remote = (socket.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "unix";
        try
        {
            socket.NoDelay = socket.ProtocolType == ProtocolType.Tcp;
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            await ServeAsync(stream, remote, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the service is stopping.
        }
#pragma warning disable CA1031 // One broken connection must never stop the door.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogConnectionFailed(logger, exception, name, remote);
        }
        finally
        {
            socket.Dispose();
            _slots.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Door} door listening on {Address}")]
    private static partial void LogListening(ILogger logger, string door, string address);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Door} connection from {Remote} failed")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception, string door, string remote);
}
