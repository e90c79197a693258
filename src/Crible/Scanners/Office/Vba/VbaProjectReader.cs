using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office.Vba;

/// <summary>
/// Finds the VBA projects of a compound file (a storage holding <c>VBA/dir</c>: <c>Macros</c> in Word,
/// <c>_VBA_PROJECT_CUR</c> in Excel, the root of an OOXML <c>vbaProject.bin</c>) and reads each module's source
/// and p-code. Every read is bounded by <c>maxBytes</c>; damage becomes a problem of the project, never an exception.
/// </summary>
public static class VbaProjectReader
{
    private const int MaxProjects = 64;

    public static IReadOnlyList<VbaProject> Read(CompoundFile file, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(file);
        var projects = new List<VbaProject>();
        foreach (var dir in file.Descendants().Where(e => e.IsStream && e.Name.Equals("dir", StringComparison.OrdinalIgnoreCase)))
        {
            var vbaPath = file.PathOf(dir).Split('/')[..^1];
            if (vbaPath.Length == 0 || !vbaPath[^1].Equals("VBA", StringComparison.OrdinalIgnoreCase) || file.Find(vbaPath) is not { } vbaStorage)
            {
                continue;
            }

            projects.Add(ReadProject(file, vbaStorage, string.Join('/', vbaPath), maxBytes));
            if (projects.Count == MaxProjects)
            {
                break;
            }
        }

        return projects;
    }

    private static VbaProject ReadProject(CompoundFile file, CompoundFileDirectoryEntry vbaStorage, string vbaPath, int maxBytes)
    {
        var problems = new List<string>();
        var dirEntry = file.Child(vbaStorage, "dir")!;
        var compressed = file.ReadStream(dirEntry, maxBytes, out var complete);
        if (!complete)
        {
            problems.Add($"{vbaPath}/dir could not be read whole");
        }

        var dir = VbaCompression.Decompress(compressed, maxBytes);
        if (dir.Problem is not null)
        {
            problems.Add($"{vbaPath}/dir: {dir.Problem}");
        }

        var info = VbaDirectory.Parse(dir.Data);
        if (info.Problem is not null)
        {
            problems.Add($"{vbaPath}/dir: {info.Problem}");
        }

        var modules = new List<VbaModule>();
        foreach (var entry in info.Modules)
        {
            if (file.Child(vbaStorage, entry.StreamName) is not { IsStream: true } stream)
            {
                problems.Add($"{vbaPath}: the module {entry.Name} has no stream {entry.StreamName}");
                continue;
            }

            modules.Add(ReadModule(file, stream, entry, info.CodePage, $"{vbaPath}/{entry.StreamName}", maxBytes, problems));
        }

        var performanceCache = file.Child(vbaStorage, "_VBA_PROJECT") is { IsStream: true } cache ? file.ReadStream(cache, maxBytes, out _) : [];
        return new VbaProject(vbaPath, info.ProjectName, modules, performanceCache, problems);
    }

    private static VbaModule ReadModule(CompoundFile file, CompoundFileDirectoryEntry stream, VbaModuleEntry entry, int codePage, string path, int maxBytes, List<string> problems)
    {
        var bytes = file.ReadStream(stream, maxBytes, out var complete);
        if (!complete)
        {
            problems.Add($"{path} could not be read whole");
        }

        if (entry.TextOffset < 0 || entry.TextOffset > bytes.Length)
        {
            problems.Add($"{path}: the source offset {entry.TextOffset} is past the end of the stream ({bytes.Length} bytes)");
            return new VbaModule(entry.Name, path, entry.IsDocument, string.Empty, bytes, SourceMissing: true);
        }

        var source = VbaCompression.Decompress(bytes.AsSpan(entry.TextOffset), maxBytes);
        if (source.Problem is not null)
        {
            problems.Add($"{path}: {source.Problem}");
        }

        var text = VbaDirectory.Decode(source.Data, codePage);
        return new VbaModule(entry.Name, path, entry.IsDocument, text, bytes[..entry.TextOffset], SourceMissing: source.Data.Length == 0);
    }
}

/// <summary>One VBA project.</summary>
/// <param name="StoragePath">The path of its VBA storage in the compound file.</param>
/// <param name="PerformanceCache">The _VBA_PROJECT stream (version-dependent p-code tables and identifiers).</param>
/// <param name="Problems">What could not be read.</param>
public sealed record VbaProject(string StoragePath, string? Name, IReadOnlyList<VbaModule> Modules, byte[] PerformanceCache, IReadOnlyList<string> Problems);

/// <summary>One module: its decompressed source and the compiled p-code kept before it in the module stream.</summary>
/// <param name="SourceMissing">True when the stream holds no readable source (stripped, or a damaged container).</param>
public sealed record VbaModule(string Name, string StreamPath, bool IsDocument, string Source, byte[] PCode, bool SourceMissing);
