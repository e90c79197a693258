namespace Crible.Tests;

/// <summary>Where the shared test material is: the first ancestor of the test binaries that holds shared/corpus
/// (the repository sits next to shared/ in CI and on developer machines).</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindSharedRoot);

    /// <summary>The shared folder (corpora, rules).</summary>
    public static string SharedRoot => Root.Value;

    /// <summary>A path under shared/corpus.</summary>
    public static string Corpus(params string[] parts) => Path.Combine([SharedRoot, "corpus", .. parts]);

    private static string FindSharedRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "corpus")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No shared/corpus above {AppContext.BaseDirectory}: check out the shared folder next to the repository.");
    }
}
