namespace Crible.Server.Tests;

/// <summary>Finds the shared test data (<c>../shared</c> next to the repository).</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Shared = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "corpus")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("No shared/corpus folder above the test binaries.");
    });

    public static string Corpus(params string[] parts) => Path.Combine([Shared.Value, "corpus", .. parts]);

    public static string Rules(params string[] parts) => Path.Combine([Shared.Value, "rules", .. parts]);
}
