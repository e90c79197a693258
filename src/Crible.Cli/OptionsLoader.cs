using Crible.Configuration;
using Microsoft.Extensions.Configuration;

namespace Crible.Cli;

/// <summary>Builds the options: defaults, then <c>crible.json</c> (or <c>--config</c>), then <c>CRIBLE__</c>
/// environment variables; command-line options are applied by each command on top.</summary>
internal static class OptionsLoader
{
    public const string DefaultFileName = "crible.json";

    public static CribleOptions Load(string? configPath) => Load(configPath, out _);

    /// <summary>The options and the configuration they came from (the service binds its own section from it).</summary>
    public static CribleOptions Load(string? configPath, out IConfiguration configuration)
    {
        var builder = new ConfigurationBuilder();
        if (configPath is not null)
        {
            if (!File.Exists(configPath))
            {
                throw new FileNotFoundException($"The configuration file {configPath} does not exist.", configPath);
            }

            builder.AddJsonFile(Path.GetFullPath(configPath), optional: false);
        }
        else
        {
            builder.AddJsonFile(Path.GetFullPath(DefaultFileName), optional: true);
        }

        builder.AddEnvironmentVariables("CRIBLE__");
        configuration = builder.Build();
        var options = new CribleOptions();
        configuration.Bind(options);
        return options;
    }
}
