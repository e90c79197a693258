using Crible.Model;

namespace Crible.Identification;

/// <summary>Names the kind of a file from its content by asking every detector in priority order.</summary>
public sealed class FileIdentifier
{
    private readonly IReadOnlyList<IFileKindDetector> _detectors;

    public FileIdentifier(IEnumerable<IFileKindDetector> detectors)
    {
        _detectors = [.. detectors.OrderBy(d => d.Priority).ThenBy(d => d.GetType().FullName, StringComparer.Ordinal)];
    }

    /// <summary>An identifier with every detector of this assembly.</summary>
    public static FileIdentifier CreateDefault() => new(typeof(FileIdentifier).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFileKindDetector).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IFileKindDetector)Activator.CreateInstance(t)!));

    public IReadOnlyList<IFileKindDetector> Detectors => _detectors;

    public FileKind Identify(SampleData data, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length == 0)
        {
            return FileKinds.Empty;
        }

        var probe = new FileProbe(data, name);
        foreach (var detector in _detectors)
        {
            // A detector reads hostile bytes: one that fails must not stop identification.
            FileKind? kind;
            try
            {
                kind = detector.Detect(probe);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException
                or InvalidOperationException or IndexOutOfRangeException or ArithmeticException or NotSupportedException or TimeoutException)
            {
                kind = null;
            }

            if (kind is not null)
            {
                return kind;
            }
        }

        return probe.Text.IsText ? FileKinds.Text : FileKinds.Unknown;
    }
}
