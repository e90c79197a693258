using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Carving;

/// <summary>
/// Programs hidden inside images and unidentified data: every "MZ" at an offset past 0 whose e_lfanew points at a
/// "PE\0\0" is cut at the end of its image (from its section table) and emitted as an embedded child. Bounded in
/// candidates examined and programs emitted; a cap that is hit is reported as incomplete. Containers whose members
/// are extracted by their own scanner (archives, OLE2, PDF) are left to them.
/// </summary>
public sealed class EmbeddedPeScanner : IScanner
{
    private const int BlockLength = 1 << 20;
    private const int MaxCandidates = 100_000;
    private const int MaxPrograms = 16;

    public string Name => "embedded-pe";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.Unknown || item.Kind.Family == FileKinds.MediaFamily;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        using var bytes = new SampleBytes(item.Data);

        // What follows the image's own end is the overlay scanner's.
        var limit = DataEnd.Knows(item.Kind) ? DataEnd.Find(item.Kind, bytes) ?? bytes.Length : bytes.Length;
        var finder = new MzFinder(bytes, limit);
        var candidates = 0;
        var programs = 0;
        for (var at = finder.Next(1); at >= 0; at = finder.Next(at))
        {
            cancellation.ThrowIfCancellationRequested();
            if (++candidates > MaxCandidates || programs == MaxPrograms)
            {
                context.Incomplete($"{Name}: stopped after {Math.Min(candidates, MaxCandidates)} candidates and {programs} programs; the rest of the file was not searched");
                return;
            }

            var length = PeImageExtent.Measure(bytes, at);
            if (length is not > 0)
            {
                at++;
                continue;
            }

            programs++;
            length = Math.Min(length.Value, bytes.Length - at);
            context.Report("hidden-program", Severity.Suspicious, $"A program is hidden inside this {item.Kind.Description}", $"PE at offset 0x{at:x}, {length} bytes", attack: ["T1027.009"]);
            var stream = bytes.OpenSlice(at, length.Value);
            await using (stream.ConfigureAwait(false))
            {
                if (await context.EmitAsync(stream, $"carved-pe@0x{at:x}", Relation.Embedded, packedSize: null, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
                {
                    return;
                }
            }

            at += length.Value;
        }
    }

    /// <summary>Finds each "MZ" in turn through a block read once, not once per candidate.</summary>
    private sealed class MzFinder(SampleBytes bytes, long limit)
    {
        private byte[] _block = [];
        private long _start = -1;

        /// <summary>The offset of the next "MZ" at or after <paramref name="from"/>, or -1.</summary>
        public long Next(long from)
        {
            while (from < limit - 1)
            {
                if (_start < 0 || from < _start || from >= _start + _block.Length - 1)
                {
                    _block = bytes.ReadAt(from, (int)Math.Min(BlockLength, limit - from));
                    _start = from;
                    if (_block.Length < 2)
                    {
                        return -1;
                    }
                }

                var at = _block.AsSpan((int)(from - _start)).IndexOf("MZ"u8);
                if (at >= 0)
                {
                    return from + at;
                }

                // The block's last byte may be the "M" of an "MZ" that the next block completes.
                from = _start + _block.Length - 1;
            }

            return -1;
        }
    }
}
