using System.CommandLine;
using Crible.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Crible.Cli;

/// <summary><c>crible serve</c>: the HTTP service with its embedded defaults (SQLite and folders under the data
/// directory).</summary>
internal static class ServeCommand
{
    public static Command Create(Option<string?> configOption)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, ASP.NET style (default http://127.0.0.1:8080)", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var data = new Option<string?>("--data") { Description = "Folder for the database, encrypted samples and keys (default ./data)" };
        var icap = new Option<string?>("--icap") { Description = "Also serve ICAP (RFC 3507) on HOST:PORT, e.g. 127.0.0.1:1344 (Server:Icap:Listen)" };
        var clamd = new Option<string?>("--clamd") { Description = "Also speak the clamd protocol on HOST:PORT, e.g. 127.0.0.1:3310, or unix:/path (Server:Clamd:Listen)" };
        var command = new Command("serve", "Start the Crible service") { urls, data, icap, clamd };
        command.SetAction(async (parse, cancellation) =>
        {
            var analysis = OptionsLoader.Load(parse.GetValue(configOption), out var configuration);
            var server = ServerOptionsFrom(configuration, parse.GetValue(data));
            server.Icap.Listen = parse.GetValue(icap) ?? server.Icap.Listen;
            server.Clamd.Listen = parse.GetValue(clamd) ?? server.Clamd.Listen;
            await using var app = CribleServer.Build(analysis, server, ["--urls", parse.GetValue(urls)!]);
            await app.RunAsync().ConfigureAwait(false);
            return ExitCodes.Clean;
        });
        return command;
    }

    internal static ServerOptions ServerOptionsFrom(IConfiguration configuration, string? dataDirectory)
    {
        var server = new ServerOptions();
        configuration.GetSection("Server").Bind(server);
        if (dataDirectory is not null)
        {
            server.DataDirectory = dataDirectory;
        }

        return server;
    }
}
