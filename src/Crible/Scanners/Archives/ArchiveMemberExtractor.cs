using Crible.Model;
using Crible.Pipeline;
using SharpCompress.Archives;
using SharpCompress.Readers;

namespace Crible.Scanners.Archives;

/// <summary>
/// Emits every member of an archive that SharpCompress opens, trying the analysis' passwords on encrypted members.
/// Shared by the archive scanners so each format only says how to open itself.
/// </summary>
/// <param name="isEmptyArchive">True when the format itself says the archive has no member; otherwise listing none
/// means the archive is damaged.</param>
internal sealed class ArchiveMemberExtractor(ScanItem item, ScanContext context, Func<Stream, ReaderOptions, IArchive> open, Func<ScanItem, bool> isEmptyArchive)
{
    private readonly Dictionary<string, (Stream Stream, IArchive Archive)> _byPassword = new(StringComparer.Ordinal);

    public async ValueTask ExtractAsync(CancellationToken cancellation)
    {
        try
        {
            var archive = Open(null);
            if (archive is null)
            {
                return;
            }

            List<IArchiveEntry> entries;
            try
            {
                entries = [.. archive.Entries];
            }
            catch (Exception exception) when (IsArchiveError(exception))
            {
                context.Incomplete($"{context.ScannerName}: the archive could not be read ({exception.Message})");
                return;
            }

            if (entries.Count == 0 && !isEmptyArchive(item))
            {
                context.Incomplete($"{context.ScannerName}: no member could be listed; the archive is damaged or truncated");
                return;
            }

            var opened = new HashSet<string>(StringComparer.Ordinal);
            for (var index = 0; index < entries.Count; index++)
            {
                cancellation.ThrowIfCancellationRequested();
                var entry = entries[index];
                if (entry.IsDirectory)
                {
                    continue;
                }

                var name = string.IsNullOrEmpty(entry.Key) ? $"member-{index}" : entry.Key;
                var result = entry.IsEncrypted
                    ? await EmitEncryptedAsync(index, name, opened, cancellation).ConfigureAwait(false)
                    : await EmitAsync(entry, name, cancellation).ConfigureAwait(false);
                if (result == EmitResult.Exhausted)
                {
                    break;
                }
            }

            if (opened.Count > 0)
            {
                context.Report(
                    "password",
                    Severity.Info,
                    $"Encrypted members opened with a known password",
                    evidence: string.Join(", ", opened.Select(p => $"'{p}'")));
            }
        }
        finally
        {
            foreach (var (stream, archive) in _byPassword.Values)
            {
                archive.Dispose();
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private IArchive? Open(string? password)
    {
        var key = password ?? string.Empty;
        if (_byPassword.TryGetValue(key, out var cached))
        {
            return cached.Archive;
        }

        var stream = item.Data.OpenRead();
        try
        {
            var options = new ReaderOptions { Password = password, LeaveStreamOpen = true };
            var archive = open(stream, options);
            _byPassword[key] = (stream, archive);
            return archive;
        }
        catch (Exception exception) when (IsArchiveError(exception))
        {
            stream.Dispose();
            if (password is null)
            {
                context.Incomplete($"{context.ScannerName}: the archive could not be read ({exception.Message})");
            }

            return null;
        }
    }

    private async ValueTask<EmitResult> EmitAsync(IArchiveEntry entry, string name, CancellationToken cancellation)
    {
        try
        {
            var stream = await entry.OpenEntryStreamAsync(cancellation).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await context.EmitAsync(stream, name, Relation.Extracted, entry.CompressedSize, cancellation).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (IsArchiveError(exception))
        {
            context.Incomplete($"{context.ScannerName}: member {name} could not be read ({exception.Message})");
            return EmitResult.Refused;
        }
    }

    private async ValueTask<EmitResult> EmitEncryptedAsync(int index, string name, HashSet<string> opened, CancellationToken cancellation)
    {
        foreach (var password in context.Passwords)
        {
            var entry = Open(password)?.Entries.ElementAtOrDefault(index);
            if (entry is null)
            {
                continue;
            }

            try
            {
                var stream = await entry.OpenEntryStreamAsync(cancellation).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var result = await context.EmitAsync(stream, name, Relation.Extracted, entry.CompressedSize, cancellation).ConfigureAwait(false);
                    opened.Add(password);
                    return result;
                }
            }
            catch (Exception exception) when (IsArchiveError(exception))
            {
                // A wrong password shows as a decryption, format or checksum error: try the next one.
            }
        }

        context.Incomplete($"encrypted: member {name} could not be decrypted with any known password");
        return EmitResult.Refused;
    }

    /// <summary>What a hostile or damaged archive can make a parser throw; cancellation is not one of them.</summary>
    private static bool IsArchiveError(Exception exception) => exception is not OperationCanceledException and not OutOfMemoryException;
}
