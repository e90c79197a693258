using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>Emits the members an own reader (ar, cpio) listed, each a bounded window on the archive's bytes.</summary>
internal static class StoredMemberEmitter
{
    /// <summary>Readers stop listing here; the analysis' file limit is lower anyway.</summary>
    public const int MaxMembers = 100_000;

    public static async ValueTask EmitAsync(ScanItem item, ScanContext context, Func<Stream, StoredListing> read, CancellationToken cancellation)
    {
        var stream = item.Data.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            StoredListing listing;
            try
            {
                listing = read(stream);
            }
            catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
            {
                context.Incomplete($"{context.ScannerName}: the archive could not be read ({ArchiveErrors.Describe(exception)})");
                return;
            }

            if (listing.Problem is not null)
            {
                context.Incomplete($"{context.ScannerName}: {listing.Problem}");
            }

            foreach (var member in listing.Members)
            {
                cancellation.ThrowIfCancellationRequested();
                var window = new BoundedSubStream(stream, member.Offset, member.Length);
                var result = await context.EmitAsync(window, member.Name, Relation.Extracted, member.Length, cancellation).ConfigureAwait(false);
                if (result == EmitResult.Exhausted)
                {
                    break;
                }
            }
        }
    }
}
