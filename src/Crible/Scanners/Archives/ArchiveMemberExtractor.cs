using Crible.Model;
using Crible.Pipeline;
using SharpCompress.Archives;
using SharpCompress.Readers;

namespace Crible.Scanners.Archives;

/// <summary>
/// Emits every member of an archive that SharpCompress opens, trying the analysis' passwords on encrypted members
/// and on archives whose file names are encrypted too. Shared by the archive scanners so each format only says how
/// to open itself.
/// </summary>
/// <param name="isEmptyArchive">True when the format itself says the archive has no member; otherwise listing none
/// means the archive is damaged.</param>
internal sealed class ArchiveMemberExtractor(ScanItem item, ScanContext context, Func<Stream, ReaderOptions, IArchive> open, Func<ScanItem, bool> isEmptyArchive)
{
    private readonly Dictionary<string, (Stream Stream, IArchive Archive)> _byPassword = new(StringComparer.Ordinal);
    private const int MaxMembersTriedWithoutSuccess = 2;
    private readonly HashSet<string> _opened = new(StringComparer.Ordinal);
    private int _membersNoPasswordOpened; // consecutive encrypted members no password opened

    /// <summary>Says why a member must not be extracted (overlapping data, an unknown method): a reason to record,
    /// an empty string to skip it silently, or null to extract it. Given the member's index, the number of members
    /// listed and its name.</summary>
    public Func<int, int, string, string?> SkipReason { get; init; } = (_, _, _) => null;

    /// <summary>Called instead of the usual reason when the archive cannot be opened or listed at all; returns true
    /// when it handled the failure (a fallback reader found the members).</summary>
    public Func<Exception?, CancellationToken, ValueTask<bool>>? OnUnreadable { get; init; }

    public async ValueTask ExtractAsync(CancellationToken cancellation)
    {
        try
        {
            var (entries, failure) = ListEntries();
            if (entries is null)
            {
                if (failure is not null && (OnUnreadable is null || !await OnUnreadable(failure, cancellation).ConfigureAwait(false)))
                {
                    context.Incomplete($"{context.ScannerName}: the archive could not be read ({ArchiveErrors.Describe(failure)})");
                }

                return;
            }

            if (entries.Count == 0 && !isEmptyArchive(item))
            {
                if (OnUnreadable is null || !await OnUnreadable(null, cancellation).ConfigureAwait(false))
                {
                    context.Incomplete($"{context.ScannerName}: no member could be listed; the archive is damaged or truncated");
                }

                return;
            }

            await EmitEntriesAsync(entries, cancellation).ConfigureAwait(false);
            if (_opened.Count > 0)
            {
                context.Report(
                    "password",
                    Severity.Info,
                    "Encrypted members opened with a known password",
                    evidence: string.Join(", ", _opened.Select(p => $"'{p}'")));
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

    /// <summary>The members, or null and why not. Archives whose listing is encrypted are tried with each password;
    /// when none opens them the reason is already recorded and the failure is null.</summary>
    private (List<IArchiveEntry>? Entries, Exception? Failure) ListEntries()
    {
        var (entries, failure) = TryList(null);
        if (entries is not null || failure is null || !ArchiveErrors.IsPasswordError(failure))
        {
            return (entries, failure);
        }

        foreach (var password in context.Passwords)
        {
            var (decrypted, _) = TryList(password);
            if (decrypted is not null)
            {
                _opened.Add(password);
                return (decrypted, null);
            }
        }

        context.Incomplete("encrypted: the archive's file names are encrypted and no known password opens it");
        return (null, null);
    }

    private (List<IArchiveEntry>? Entries, Exception? Failure) TryList(string? password)
    {
        try
        {
            var archive = Open(password);
            return ([.. archive.Entries], null);
        }
        catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
        {
            return (null, exception);
        }
    }

    private async ValueTask EmitEntriesAsync(List<IArchiveEntry> entries, CancellationToken cancellation)
    {
        for (var index = 0; index < entries.Count; index++)
        {
            cancellation.ThrowIfCancellationRequested();
            var entry = entries[index];
            if (entry.IsDirectory)
            {
                continue;
            }

            var name = string.IsNullOrEmpty(entry.Key) ? $"member-{index}" : entry.Key;
            var skip = SkipReason(index, entries.Count, entry.Key ?? string.Empty);
            if (skip is not null)
            {
                if (skip.Length > 0)
                {
                    context.Incomplete(skip);
                }

                continue;
            }

            EmitResult result;
            try
            {
                result = entry.IsEncrypted
                    ? await EmitEncryptedAsync(entry, index, name, cancellation).ConfigureAwait(false)
                    : await EmitPlainAsync(entry, name, cancellation).ConfigureAwait(false);
            }
            catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
            {
                // Entry properties are read lazily and may fail too (a member split across volumes).
                context.Incomplete($"{context.ScannerName}: member {name} could not be read ({ArchiveErrors.Describe(exception)})");
                continue;
            }

            if (result == EmitResult.Exhausted)
            {
                break;
            }
        }
    }

    private IArchive Open(string? password)
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
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Solid archives (7z) give members no packed size of their own: the whole archive bounds them.</summary>
    private long PackedSize(IArchiveEntry entry) => entry.CompressedSize > 0 ? entry.CompressedSize : item.Size;

    private async ValueTask<EmitResult> EmitPlainAsync(IArchiveEntry entry, string name, CancellationToken cancellation)
    {
        PartialReadStream stream;
        try
        {
            stream = await PartialReadStream.StartAsync(await entry.OpenEntryStreamAsync(cancellation).ConfigureAwait(false), cancellation).ConfigureAwait(false);
        }
        catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
        {
            context.Incomplete($"{context.ScannerName}: member {name} could not be read ({ArchiveErrors.Describe(exception)})");
            return EmitResult.Refused;
        }

        await using (stream.ConfigureAwait(false))
        {
            var result = await context.EmitAsync(stream, name, Relation.Extracted, PackedSize(entry), cancellation).ConfigureAwait(false);
            if (stream.Error is not null)
            {
                context.Incomplete($"{context.ScannerName}: member {name} breaks off; what came before was analysed ({ArchiveErrors.Describe(stream.Error)})");
            }

            return result;
        }
    }

    private async ValueTask<EmitResult> EmitEncryptedAsync(IArchiveEntry plainEntry, int index, string name, CancellationToken cancellation)
    {
        if (_membersNoPasswordOpened >= MaxMembersTriedWithoutSuccess)
        {
            // Key derivation is slow by design (RAR, 7z): once no password opened several members, stop paying for it.
            context.Incomplete($"encrypted: member {name} was not tried; no known password opened the members before it");
            return EmitResult.Refused;
        }

        // A password that opened one member most likely opens the next: try it first.
        foreach (var password in _opened.Concat(context.Passwords.Where(p => !_opened.Contains(p))).ToList())
        {
            IArchiveEntry? entry;
            try
            {
                entry = Open(password).Entries.ElementAtOrDefault(index);
            }
            catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
            {
                continue;
            }

            if (entry is null)
            {
                continue;
            }

            try
            {
                var stream = await entry.OpenEntryStreamAsync(cancellation).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var result = await context.EmitAsync(stream, name, Relation.Extracted, PackedSize(plainEntry), cancellation).ConfigureAwait(false);
                    _opened.Add(password);
                    _membersNoPasswordOpened = 0;
                    return result;
                }
            }
            catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
            {
                // A wrong password shows as a decryption, format or checksum error: try the next one.
            }
        }

        _membersNoPasswordOpened++;
        context.Incomplete($"encrypted: member {name} could not be decrypted with any known password");
        return EmitResult.Refused;
    }
}
