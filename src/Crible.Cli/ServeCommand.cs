using System.CommandLine;

namespace Crible.Cli;

/// <summary><c>crible serve</c>: the HTTP service. It arrives with the service issue; until then it says so.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Start the Crible service (not yet available in this version)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("crible serve: the HTTP service is not part of this version yet; use 'crible scan'.");
            return ExitCodes.UsageOrIoError;
        });
        return command;
    }
}
