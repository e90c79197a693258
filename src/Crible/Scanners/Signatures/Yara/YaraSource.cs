namespace Crible.Scanners.Signatures.Yara;

/// <summary>
/// One file of YARA rules, on disk or in memory. Its <see cref="Name"/> is its namespace, so rules of the same name in
/// two sources do not clash, and names it in compile errors when it has no file.
/// </summary>
public sealed class YaraSource
{
    private static readonly string[] RuleExtensions = [".yar", ".yara"];

    private YaraSource(string name, string? filePath, string? text)
    {
        Name = name;
        FilePath = filePath;
        Text = text;
    }

    /// <summary>The namespace of its rules: a relative path such as <c>apt/apt_foo.yar</c>.</summary>
    public string Name { get; }

    /// <summary>The full path of the rule file, when it is on disk (its <c>include</c>s resolve next to it).</summary>
    public string? FilePath { get; }

    /// <summary>The rules themselves, when they are in memory.</summary>
    public string? Text { get; }

    public static YaraSource FromFile(string path, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        return new YaraSource(name ?? Path.GetFileName(fullPath), fullPath, null);
    }

    public static YaraSource FromText(string name, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(text);
        return new YaraSource(name, null, text);
    }

    /// <summary>
    /// Every <c>.yar</c> and <c>.yara</c> file under <paramref name="root"/>, in a stable order, each named by its
    /// path relative to the root. A file that only <c>include</c>s others would load their rules twice (in two
    /// namespaces): keep such index files out of the folder.
    /// </summary>
    public static IReadOnlyList<YaraSource> FromDirectory(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"The YARA rule folder {fullRoot} does not exist.");
        }

        return Directory.EnumerateFiles(fullRoot, "*", SearchOption.AllDirectories)
            .Where(path => RuleExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            .Select(path => FromFile(path, Path.GetRelativePath(fullRoot, path).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(source => source.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Rule files and folders as an operator lists them: a folder gives its rule files (see
    /// <see cref="FromDirectory"/>), anything else is taken as a file (a missing one becomes a compile error). Names
    /// that repeat across entries get <c>#2</c>, <c>#3</c>... so every source keeps its own namespace.
    /// </summary>
    public static IReadOnlyList<YaraSource> FromPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var sources = new List<YaraSource>();
        foreach (var path in paths)
        {
            var found = Directory.Exists(path) ? FromDirectory(path) : [FromFile(path)];
            foreach (var source in found)
            {
                var name = source.Name;
                for (var n = 2; !used.Add(name); n++)
                {
                    name = $"{source.Name}#{n}";
                }

                sources.Add(name == source.Name ? source : new YaraSource(name, source.FilePath, source.Text));
            }
        }

        return sources;
    }

    /// <summary>What <see cref="YaraRuleSet.Version"/> is computed from.</summary>
    internal byte[] ReadContent() => Text is not null ? System.Text.Encoding.UTF8.GetBytes(Text) : File.ReadAllBytes(FilePath!);

    public override string ToString() => FilePath ?? Name;
}
