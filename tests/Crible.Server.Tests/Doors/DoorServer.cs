using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Crible.Server.Tests.Doors;

/// <summary>One real <c>crible serve</c> with its clamd and ICAP doors on free ports of 127.0.0.1, shared by the
/// tests of a class.</summary>
public sealed class DoorServer : IAsyncLifetime
{
    public const string Eicar = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private ServerProcess? _server;

    public int ClamdPort { get; } = ServerProcess.FreePort();

    public int IcapPort { get; } = ServerProcess.FreePort();

    public ServerProcess Server => _server ?? throw new InvalidOperationException("not started");

    public static byte[] EicarBytes => Encoding.ASCII.GetBytes(Eicar);

    public static byte[] ClamZip => File.ReadAllBytes("/usr/share/clamav-testfiles/clam.zip");

    /// <summary>Settings the tests of a class need (door limits, policies), as CRIBLE__ variables.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>The one folder SCAN may read, holding <c>eicar.com</c> and <c>clean.txt</c>.</summary>
    public string ScanFolder { get; } = Directory.CreateTempSubdirectory("crible-scan-").FullName;

    public DoorServer()
    {
        File.WriteAllBytes(Path.Combine(ScanFolder, "eicar.com"), EicarBytes);
        File.WriteAllText(Path.Combine(ScanFolder, "clean.txt"), "Nothing to see here.\n");
        Environment = new()
        {
            ["CRIBLE__Server__Clamd__ScanFolders__0"] = ScanFolder,
            ["CRIBLE__Server__Clamd__MaxStreamBytes"] = "1048576",
            ["CRIBLE__Server__Clamd__MaxConnections"] = "8",
            ["CRIBLE__Server__Icap__MaxConnections"] = "8",
        };
    }

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(Environment, ["--clamd", $"127.0.0.1:{ClamdPort}", "--icap", $"127.0.0.1:{IcapPort}"]);
        foreach (var port in new[] { ClamdPort, IcapPort })
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync("127.0.0.1", port);
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(ScanFolder, recursive: true);
    }

    public Task<TcpClient> ClamdAsync() => ConnectAsync(ClamdPort);

    public Task<TcpClient> IcapAsync() => ConnectAsync(IcapPort);

    private static async Task<TcpClient> ConnectAsync(int port)
    {
        var client = new TcpClient { ReceiveTimeout = 120_000, SendTimeout = 120_000 };
        await client.ConnectAsync("127.0.0.1", port);
        return client;
    }

    /// <summary>Runs a real client program; returns its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }
}
