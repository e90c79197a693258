using System.CommandLine;
using Crible.Cli;

var config = new Option<string?>("--config") { Description = "A JSON configuration file (default: ./crible.json when present)", Recursive = true };
var root = new RootCommand("Crible: sovereign multi-engine file analysis")
{
    config,
    ScanCommand.Create(config),
    ServeCommand.Create(config),
    KeysCommand.Create(config),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
    }

    await Console.Error.WriteLineAsync("Run 'crible --help' for usage.").ConfigureAwait(false);
    return ExitCodes.UsageOrIoError;
}

try
{
    return await parse.InvokeAsync().ConfigureAwait(false);
}
catch (Exception exception) when (exception is FileNotFoundException or InvalidDataException or FormatException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
    return ExitCodes.UsageOrIoError;
}
