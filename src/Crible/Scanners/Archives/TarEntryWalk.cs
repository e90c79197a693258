using System.Formats.Tar;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>
/// The second opinion on a tar SharpCompress refuses (pax global headers, odd hard links): .NET's own tar reader,
/// which knows v7, ustar, pax and GNU headers. Regular files are emitted as windows on the archive.
/// </summary>
internal static class TarEntryWalk
{
    /// <summary>Emits the regular files; returns how many were emitted, and why the walk stopped early.</summary>
    public static async ValueTask<(int Emitted, Exception? Error)> EmitAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        var stream = item.Data.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            var emitted = 0;
            try
            {
                using var reader = new TarReader(stream, leaveOpen: true);
                for (var index = 0; index < StoredMemberEmitter.MaxMembers; index++)
                {
                    var entry = reader.GetNextEntry(copyData: false);
                    if (entry is null)
                    {
                        return (emitted, null);
                    }

                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile) || entry.DataStream is null)
                    {
                        continue;
                    }

                    var name = string.IsNullOrEmpty(entry.Name) ? $"member-{index}" : entry.Name;
                    var result = await context.EmitAsync(entry.DataStream, name, Relation.Extracted, entry.Length, cancellation).ConfigureAwait(false);
                    emitted++;
                    if (result == EmitResult.Exhausted)
                    {
                        return (emitted, null);
                    }
                }

                return (emitted, new InvalidDataException($"more than {StoredMemberEmitter.MaxMembers} entries"));
            }
            catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
            {
                return (emitted, exception);
            }
        }
    }
}
