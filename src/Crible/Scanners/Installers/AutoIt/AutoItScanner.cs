using System.Text;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Installers.AutoIt;

/// <summary>
/// Programs compiled with AutoIt v3 (Aut2Exe): the script and the files it carries (FileInstall) are decrypted and
/// emitted, so they are analysed like any other file. EA05 scripts come out as their text; EA06 scripts are tokens,
/// written back as source by <see cref="AutoItTokenScript"/>. The paths the files had on the author's machine are
/// kept as indicators. Compiled AutoIt is common in both administration tools and malware: the finding is
/// informational and the verdict comes from what the script and its files are.
/// </summary>
public sealed class AutoItScanner : IScanner
{
    private const int SearchBlock = 1 << 20;

    public string Name => "autoit";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Pe;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (await FindMarkerAsync(item.Data, cancellation).ConfigureAwait(false) is not { } offset)
        {
            return;
        }

        var blob = await ReadFromAsync(item.Data, offset, context, cancellation).ConfigureAwait(false);
        if (AutoItScript.VersionOf(blob) is not { } version)
        {
            return;
        }

        var maxContent = (int)Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength);
        var (entries, problem) = AutoItScript.Read(blob, maxContent);
        Report(context, version, offset, entries);
        if (problem is not null)
        {
            context.Incomplete($"autoit: {problem}");
        }

        foreach (var entry in entries)
        {
            if (await EmitAsync(entry, version, context, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                break;
            }
        }
    }

    private static void Report(ScanContext context, AutoItVersion version, long offset, List<AutoItEntry> entries)
    {
        var generation = version == AutoItVersion.Ea05 ? "EA05, AutoIt 3.0 to 3.2.4" : "EA06, AutoIt 3.2.6 or later";
        var files = entries.Where(e => !e.IsScript).Select(e => e.Name).Take(20).ToList();
        var evidence = new StringBuilder($"script at offset 0x{offset:x}; {entries.Count(e => e.IsScript)} script(s)");
        if (files.Count > 0)
        {
            evidence.Append("; carried files: ").AppendJoin(", ", files);
        }

        context.Report("autoit-compiled", Severity.Info, $"Compiled AutoIt script ({generation})", evidence.ToString(), attack: ["T1059.010"]);
        foreach (var entry in entries.Where(e => e.SourcePath.Length > 0))
        {
            context.Indicator(IndicatorKind.Path, entry.SourcePath);
        }
    }

    private static async ValueTask<EmitResult> EmitAsync(AutoItEntry entry, AutoItVersion version, ScanContext context, CancellationToken cancellation)
    {
        if (entry.Problem is not null)
        {
            context.Incomplete($"autoit: {(entry.IsScript ? "the script" : entry.Name)}: {entry.Problem}");
        }

        if (entry.Content is not { } content)
        {
            return EmitResult.Refused;
        }

        if (!entry.IsScript)
        {
            return await context.EmitAsync(content, entry.Name, Relation.Extracted, cancellation).ConfigureAwait(false);
        }

        var source = ScriptText(entry, version, content, context);
        return await context.EmitAsync(Encoding.UTF8.GetBytes(source), "script.au3", Relation.Decoded, cancellation).ConfigureAwait(false);
    }

    private static string ScriptText(AutoItEntry entry, AutoItVersion version, byte[] content, ScanContext context)
    {
        if (version == AutoItVersion.Ea05)
        {
            return entry.Name.Contains("UNICODE", StringComparison.Ordinal) ? Encoding.Unicode.GetString(content) : Encoding.Latin1.GetString(content);
        }

        var (source, problem) = AutoItTokenScript.Decompile(content, (int)Math.Min(context.Limits.MaxInMemoryBytes / 2, int.MaxValue / 2));
        if (problem is not null)
        {
            context.Incomplete($"autoit: the script could not be read back whole: {problem}");
        }

        return source;
    }

    /// <summary>Where the compiled script starts: searched in blocks so a large program is never read whole.</summary>
    private static async Task<long?> FindMarkerAsync(SampleData data, CancellationToken cancellation)
    {
        var marker = AutoItScript.Marker.ToArray();
        if (data.IsInMemory)
        {
            var index = data.Memory.Span.IndexOf(marker);
            return index < 0 ? null : index;
        }

        var stream = data.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[SearchBlock + marker.Length];
            long consumed = 0;
            var kept = 0;
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(kept, SearchBlock), cancellation).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                var index = buffer.AsSpan(0, kept + read).IndexOf(marker);
                if (index >= 0)
                {
                    return consumed - kept + index;
                }

                // Keep the tail so a marker across two blocks is still found.
                var tail = Math.Min(marker.Length - 1, kept + read);
                buffer.AsSpan(kept + read - tail, tail).CopyTo(buffer);
                consumed += read;
                kept = tail;
            }
        }
    }

    private static async Task<byte[]> ReadFromAsync(SampleData data, long offset, ScanContext context, CancellationToken cancellation)
    {
        var length = (int)Math.Min(data.Length - offset, Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength));
        if (data.Length - offset > length)
        {
            context.Incomplete($"autoit: only the first {length} bytes of the compiled script were read");
        }

        return await data.ReadAsync(offset, length, cancellation).ConfigureAwait(false);
    }
}
