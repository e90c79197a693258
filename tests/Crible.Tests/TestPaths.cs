namespace Crible.Tests;

/// <summary>Finds the shared test data (<c>../shared</c> next to the repository) from wherever the tests run.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Shared = new(FindShared);

    /// <summary>The <c>shared</c> folder that holds <c>corpus/</c> and <c>rules/</c>.</summary>
    public static string SharedRoot => Shared.Value;

    /// <summary>A path under <c>shared/corpus</c>.</summary>
    public static string Corpus(params string[] parts) => Path.Combine([SharedRoot, "corpus", .. parts]);

    /// <summary>A path under <c>shared/rules</c>.</summary>
    public static string Rules(params string[] parts) => Path.Combine([SharedRoot, "rules", .. parts]);

    /// <summary>Debian's clamav-testfiles.</summary>
    public static string ClamAvTestFile(string name) => Path.Combine("/usr/share/clamav-testfiles", name);

    private static string FindShared()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "corpus")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No shared/corpus folder above {AppContext.BaseDirectory}: the repository must sit next to shared/.");
    }
}
