using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Archives;

/// <summary>
/// The shape shared by the compressors that hold one stream (gzip, bzip2, xz, lzma, lzip, zstd, lz4, compress):
/// decode it and emit it as the only member, its packed size being the whole file. A stream that breaks off still
/// yields what was decoded, and the file is marked incomplete with the reason.
/// </summary>
public abstract class SingleStreamScanner : IScanner
{
    public abstract string Name { get; }

    /// <summary>The kind this scanner decodes.</summary>
    protected abstract FileKind Kind { get; }

    /// <summary>Name endings and what they become once decoded (".tgz" → ".tar"); the first that matches wins.</summary>
    protected abstract IReadOnlyList<(string Suffix, string Replacement)> Suffixes { get; }

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == Kind;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var packed = item.Data.OpenRead();
        await using (packed.ConfigureAwait(false))
        {
            PartialReadStream decoded;
            try
            {
                var problem = CheckHeader(item.Data.Head);
                if (problem is not null)
                {
                    context.Incomplete($"{Name}: {problem}");
                    return;
                }

                decoded = await PartialReadStream.StartAsync(OpenDecoder(packed), cancellation).ConfigureAwait(false);
            }
            catch (Exception exception) when (ArchiveErrors.IsInputError(exception))
            {
                context.Incomplete($"{Name}: the compressed data could not be decoded ({ArchiveErrors.Describe(exception)})");
                return;
            }

            await using (decoded.ConfigureAwait(false))
            {
                var result = await context.EmitAsync(decoded, MemberName(item), Relation.Extracted, item.Size, cancellation).ConfigureAwait(false);
                var problem = decoded.Error is not null
                    ? ArchiveErrors.Describe(decoded.Error)
                    : result == EmitResult.Accepted ? EndProblem(item, decoded.BytesRead) : null;
                if (problem is not null)
                {
                    context.Incomplete($"{Name}: the compressed data breaks off; what came before was analysed ({problem})");
                }
            }
        }
    }

    /// <summary>A decoder over the packed bytes (which it must not dispose: the caller does).</summary>
    protected abstract Stream OpenDecoder(Stream packed);

    /// <summary>For decoders that end quietly on truncated input: says what is wrong with a stream that decoded to
    /// <paramref name="decodedLength"/> bytes without error, or null when it ended where it should.</summary>
    protected virtual string? EndProblem(ScanItem item, long decodedLength) => null;

    /// <summary>Refuses headers that would make the decoder misbehave (a huge dictionary); null when fine.</summary>
    protected virtual string? CheckHeader(ReadOnlySpan<byte> head) => null;

    /// <summary>The member's name: the format's own when it stores one, else the parent's minus its suffix.</summary>
    protected virtual string MemberName(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return DecodedName(item.Name, Suffixes);
    }

    internal static string DecodedName(string name, IReadOnlyList<(string Suffix, string Replacement)> suffixes)
    {
        var baseName = name[(name.LastIndexOf('/') + 1)..];
        foreach (var (suffix, replacement) in suffixes)
        {
            if (baseName.Length > suffix.Length && baseName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return baseName[..^suffix.Length] + replacement;
            }
        }

        return baseName + ".decoded";
    }
}
