using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Crible.Tests.Scanners.Signatures.ClamAv;

/// <summary>Debian's real clamd on a free port of 127.0.0.1 with a signature database this test writes: a
/// <c>.hdb</c> with clam.exe's SHA-256 and an <c>.ndb</c> for EICAR (clamd refuses to start with no database).
/// Stopped by PID.</summary>
public sealed class ClamdProcess : IAsyncLifetime
{
    public const string ClamExeSha256 = "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495";

    private readonly string _folder = Directory.CreateTempSubdirectory("crible-clamd-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort();

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>clamd's StreamMaxLength here: larger streams get its size-limit error.</summary>
    public static int StreamMaxBytes => 1024 * 1024;

    public async Task InitializeAsync()
    {
        var database = Directory.CreateDirectory(Path.Combine(_folder, "db")).FullName;
        var temporary = Directory.CreateDirectory(Path.Combine(_folder, "tmp")).FullName;
        await File.WriteAllTextAsync(Path.Combine(database, "crible-test.hdb"), $"{ClamExeSha256}:544:Crible.Test.ClamExe\n");
        var eicarHex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes("EICAR-STANDARD-ANTIVIRUS-TEST-FILE"));
        await File.WriteAllTextAsync(Path.Combine(database, "crible-test.ndb"), $"Crible.Test.EICAR:0:*:{eicarHex}\n");
        var config = Path.Combine(_folder, "clamd.conf");
        await File.WriteAllTextAsync(config, $"Foreground yes\nTCPSocket {Port}\nTCPAddr 127.0.0.1\nDatabaseDirectory {database}\nTemporaryDirectory {temporary}\nStreamMaxLength {StreamMaxBytes}\n");

        var start = new ProcessStartInfo("clamd") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"--config-file={config}");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"clamd exited with {_process.ExitCode}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException("clamd did not listen within 60 s");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
