namespace Crible.Scanners.Signatures;

/// <summary>Crible's own known-bad hash list, embedded in the assembly.</summary>
public static class BuiltInHashes
{
    public const string ResourceName = "Crible.Rules.crible-hashes.txt";

    public static HashList Load()
    {
        using var stream = typeof(BuiltInHashes).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The built-in hash list {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n');
        return HashList.Parse(lines, "crible-hashes.txt", out _);
    }
}
