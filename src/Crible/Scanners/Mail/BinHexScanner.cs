using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Mail;

/// <summary>
/// BinHex 4.0 files (see <see cref="BinHexDecoder"/>): the data fork is emitted under the file's Macintosh name and a
/// non-empty resource fork as <c>name.rsrc</c>; failed CRC checks and truncation are reported as incomplete.
/// </summary>
public sealed class BinHexScanner : IScanner
{
    public string Name => "binhex";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.BinHex;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (EncodedText.ReadAll(item, context) is not { } text)
        {
            return;
        }

        var start = Math.Max(0, text.AsSpan().IndexOf("(This file must be converted with BinHex"u8));
        var limits = context.Limits;
        var maxOutput = Math.Min(limits.MaxInMemoryBytes, Math.Max(limits.RatioCheckFloorBytes, (long)text.Length * limits.MaxRatio));
        var file = BinHexDecoder.Decode(text, start, maxOutput, out var failure);
        if (file is null)
        {
            context.Incomplete($"{Name}: nothing could be decoded ({failure})");
            return;
        }

        foreach (var problem in file.Problems)
        {
            context.Incomplete($"{Name}: {problem}");
        }

        var name = EncodedText.NameOr(file.Name, "binhex-data");
        var packedSize = (long)text.Length;
        if (await context.EmitAsync(new MemoryStream(file.DataFork), name, Relation.Decoded, packedSize, cancellation).ConfigureAwait(false) != EmitResult.Exhausted
            && file.ResourceFork.Length > 0)
        {
            await context.EmitAsync(new MemoryStream(file.ResourceFork), name + ".rsrc", Relation.Decoded, packedSize, cancellation).ConfigureAwait(false);
        }
    }
}
