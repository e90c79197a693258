using System.Text;
using Crible.Model;
using Crible.Server.Analyses;
using Crible.Server.Doors;
using Microsoft.Extensions.Logging;

namespace Crible.Server.Clamd;

/// <summary>
/// Speaks clamd's protocol (as documented in <c>man clamd</c>): commands with the <c>z</c> (NUL-terminated) or
/// <c>n</c> (newline) prefix, or bare and newline-terminated; one command per connection unless inside
/// <c>IDSESSION</c> … <c>END</c>, where replies are numbered. Every file goes to <see cref="DoorScanService"/>.
/// </summary>
public sealed class ClamdDoor(string address, ClamdOptions options, ClamdCommands commands, ILogger<ClamdDoor> logger)
    : DoorListener("clamd", address, options.MaxConnections, logger)
{
    private const int MaxCommandLength = 8192;

    protected override async Task ServeAsync(Stream connection, string? remote, CancellationToken cancellation)
    {
        var reader = new ProtocolReader(connection);
        var inSession = false;
        var number = 0;
        while (true)
        {
            ClamdRequest? request;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                idle.CancelAfter(options.IdleTimeout);
                try
                {
                    request = await ReadRequestAsync(reader, idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    return;
                }
                catch (ProtocolException)
                {
                    await WriteAsync(connection, "COMMAND READ TIMED OUT OR TOO LONG. ERROR", (byte)'\n', null, cancellation).ConfigureAwait(false);
                    return;
                }
            }

            if (request is null)
            {
                return;
            }

            if (inSession)
            {
                number++;
            }

            switch (request.Name)
            {
                case "IDSESSION" when !inSession:
                    inSession = true;
                    continue;
                case "END" or "QUIT":
                    return;
            }

            var reply = await commands.ExecuteAsync(request, reader, remote, cancellation).ConfigureAwait(false);
            await WriteAsync(connection, reply.Text, request.Delimiter, inSession ? number : null, cancellation).ConfigureAwait(false);
            if (reply.Close || !inSession)
            {
                return;
            }
        }
    }

    private static async Task<ClamdRequest?> ReadRequestAsync(ProtocolReader reader, CancellationToken cancellation)
    {
        var first = await reader.PeekByteAsync(cancellation).ConfigureAwait(false);
        if (first < 0)
        {
            return null;
        }

        var delimiter = first switch
        {
            'z' => (byte)0,
            _ => (byte)'\n',
        };
        if (first is 'z' or 'n')
        {
            await reader.ReadByteAsync(cancellation).ConfigureAwait(false);
        }

        var line = await reader.ReadLineAsync(delimiter, MaxCommandLength, cancellation).ConfigureAwait(false);
        if (line is null)
        {
            return null;
        }

        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? line : line[..space];
        var argument = space < 0 ? string.Empty : line[(space + 1)..];
        return new ClamdRequest(name.Trim(), argument, delimiter);
    }

    private static async Task WriteAsync(Stream connection, string text, byte delimiter, int? number, CancellationToken cancellation)
    {
        var line = number is { } n ? $"{n}: {text}" : text;
        var bytes = Encoding.UTF8.GetBytes(line + (char)delimiter);
        await connection.WriteAsync(bytes, cancellation).ConfigureAwait(false);
        await connection.FlushAsync(cancellation).ConfigureAwait(false);
    }
}

/// <summary>One command: its name, its argument (a path for SCAN) and how replies end.</summary>
public sealed record ClamdRequest(string Name, string Argument, byte Delimiter);

/// <summary>What to answer and whether the connection must close after it.</summary>
public sealed record ClamdReply(string Text, bool Close = false);
