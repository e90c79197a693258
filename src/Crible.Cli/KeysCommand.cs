using System.CommandLine;
using Crible.Server.Security;
using Crible.Server.Storage;

namespace Crible.Cli;

/// <summary><c>crible keys add NAME</c>: creates an API key for a tenant and prints it once.</summary>
internal static class KeysCommand
{
    public static Command Create(Option<string?> configOption)
    {
        var name = new Argument<string>("name") { Description = "The tenant (an organisation or platform); created if new" };
        var data = new Option<string?>("--data") { Description = "The service's data folder (default ./data)" };
        var admin = new Option<bool>("--admin") { Description = "The key may also use /api/v1/admin (reload, safelist, audit)" };
        var add = new Command("add", "Create an API key for a tenant and print it (it is stored hashed and cannot be shown again)") { name, data, admin };
        add.SetAction(async (parse, cancellation) =>
        {
            OptionsLoader.Load(parse.GetValue(configOption), out var configuration);
            var server = ServeCommand.ServerOptionsFrom(configuration, parse.GetValue(data));
            var folder = Path.GetFullPath(server.DataDirectory);
            Directory.CreateDirectory(folder);
            var store = new SqliteAnalysisStore(Path.Combine(folder, "crible.db"));
            await store.InitializeAsync(cancellation).ConfigureAwait(false);
            var key = ApiKeys.Generate();
            var tenant = await store.AddTenantKeyAsync(parse.GetValue(name)!, ApiKeys.Hash(key), parse.GetValue(admin), cancellation).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"Key created for tenant '{tenant.Name}'{(tenant.IsAdmin ? " (administrator)" : string.Empty)}. Keep it: it is not shown again.").ConfigureAwait(false);
            await Console.Out.WriteLineAsync(key).ConfigureAwait(false);
            return ExitCodes.Clean;
        });
        return new Command("keys", "Manage API keys") { add };
    }
}
