using System.Reflection;

namespace Crible.Scanners.Signatures.Yara;

/// <summary>Crible's own YARA rules, embedded in the assembly from <c>src/Crible/Rules/*.yar</c>.</summary>
public static class BuiltInRules
{
    private const string Prefix = "Crible.Rules.";

    /// <summary>Each embedded rule file as a source named <c>crible/&lt;file&gt;</c> (its namespace).</summary>
    public static IReadOnlyList<YaraSource> Load()
    {
        var assembly = typeof(BuiltInRules).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(".yar", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => YaraSource.FromText("crible/" + name[Prefix.Length..], Read(assembly, name)))
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded rule file {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
