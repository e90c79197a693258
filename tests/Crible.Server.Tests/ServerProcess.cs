using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Crible.Server.Tests;

/// <summary>A real <c>crible serve</c> process on 127.0.0.1 with its own data folder, started and stopped by PID.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly Lock _logGate = new();
    private readonly System.Text.StringBuilder _log = new();
    private Process? _process;

    private readonly IReadOnlyList<string> _arguments;

    private ServerProcess(string dataDirectory, Dictionary<string, string> environment, IReadOnlyList<string> arguments)
    {
        DataDirectory = dataDirectory;
        _environment = environment;
        _arguments = arguments;
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string Log
    {
        get
        {
            lock (_logGate)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts a server; <paramref name="environment"/> sets configuration (CRIBLE__Server__Workers=1, ...).</summary>
    /// <param name="arguments">More options for <c>crible serve</c> (<c>--clamd 127.0.0.1:PORT</c>, ...).</param>
    public static async Task<ServerProcess> StartAsync(Dictionary<string, string>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        var data = Directory.CreateTempSubdirectory("crible-server-").FullName;
        var server = new ServerProcess(data, environment ?? [], arguments ?? []);
        await server.StartAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Creates a key for a tenant with the real command line.</summary>
    public async Task<string> AddKeyAsync(string tenant, bool admin = false)
    {
        var arguments = new List<string> { "keys", "add", tenant, "--data", DataDirectory };
        if (admin)
        {
            arguments.Add("--admin");
        }

        using var process = Process.Start(StartInfo(arguments))!;
        var key = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        Assert.Equal(0, process.ExitCode);
        return key.Trim();
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async Task StartAsync()
    {
        _process = Process.Start(StartInfo(["serve", "--urls", BaseAddress.ToString().TrimEnd('/'), "--data", DataDirectory, .. _arguments]))!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = Client();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}: {Log}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative)).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        throw new TimeoutException($"The server did not answer /health within 60 s: {Log}");
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the folder is in the temporary area anyway.
        }
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Crible.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private void Append(string? line)
    {
        lock (_logGate)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>A TCP port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
