using Crible.Model;
using Crible.Pipeline;
using SharpCompress.Readers;
using SharpCompress.Readers.Zip;

namespace Crible.Scanners.Archives;

/// <summary>
/// The fallback for a ZIP whose central directory is damaged or missing (truncated downloads, carved data, archives
/// built to fool parsers): walk the local headers from the start with SharpCompress' streaming reader.
/// </summary>
internal static class ZipLocalHeaderWalk
{
    /// <summary>Emits what the local headers give; returns how many members were emitted.</summary>
    public static async ValueTask<int> EmitAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        var stream = item.Data.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            var emitted = 0;
            try
            {
                // Self-extractors and padded archives put data in front of the first local header.
                var first = item.Data.Head.IndexOf("PK\u0003\u0004"u8);
                stream.Position = Math.Max(0, first);
                using var reader = ZipReader.OpenReader(stream, new ReaderOptions { LeaveStreamOpen = true });
                for (var index = 0; index < StoredMemberEmitter.MaxMembers && reader.MoveToNextEntry(); index++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var entry = reader.Entry;
                    if (entry.IsDirectory || entry.IsEncrypted)
                    {
                        continue;
                    }

                    var name = string.IsNullOrEmpty(entry.Key) ? $"member-{index}" : entry.Key;
                    var decoded = await PartialReadStream.StartAsync(reader.OpenEntryStream(), cancellation).ConfigureAwait(false);
                    await using (decoded.ConfigureAwait(false))
                    {
                        var packed = entry.CompressedSize > 0 ? entry.CompressedSize : item.Size;
                        var result = await context.EmitAsync(decoded, name, Relation.Extracted, packed, cancellation).ConfigureAwait(false);
                        emitted++;
                        if (decoded.Error is not null || result == EmitResult.Exhausted)
                        {
                            break;
                        }
                    }
                }
            }
            catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
            {
                // The walk stops at the first header it cannot read; what came before stays emitted.
            }

            return emitted;
        }
    }
}
