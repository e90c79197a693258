namespace Crible.Model;

/// <summary>
/// The bytes of one file under analysis, held in memory when small and in a temporary file when large, with its
/// digests computed once while it was read.
/// </summary>
public sealed class SampleData : IDisposable
{
    /// <summary>How much of the start of a file identification looks at.</summary>
    public const int HeadLength = 64 * 1024;

    private readonly byte[]? _bytes;
    private readonly string? _path;
    private readonly bool _ownsFile;
    private byte[]? _head;

    private SampleData(byte[]? bytes, string? path, bool ownsFile, long length, Hashes hashes)
    {
        _bytes = bytes;
        _path = path;
        _ownsFile = ownsFile;
        Length = length;
        Hashes = hashes;
    }

    public long Length { get; }

    public Hashes Hashes { get; }

    /// <summary>True when the content is in memory (then <see cref="Memory"/> is cheap).</summary>
    public bool IsInMemory => _bytes is not null;

    /// <summary>The content when it is in memory.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes ?? throw new InvalidOperationException("The content is in a file; use OpenRead.");

    /// <summary>The file that holds the content, when it is not in memory.</summary>
    public string? FilePath => _path;

    /// <summary>The first <see cref="HeadLength"/> bytes (fewer for a short file).</summary>
    public ReadOnlySpan<byte> Head => _head ??= ReadHead();

    public static SampleData FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new SampleData(bytes, null, false, bytes.LongLength, HashOf(bytes));
    }

    /// <summary>Refers to a file on disk without copying it (the caller keeps it for the analysis' life).</summary>
    public static SampleData FromFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var hasher = new MultiHasher();
        var buffer = new byte[1 << 16];
        long length = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hasher.Append(buffer.AsSpan(0, read));
            length += read;
        }

        return new SampleData(null, path, false, length, hasher.Finish());
    }

    /// <summary>Takes over a temporary file written by <see cref="SampleWriter"/>: it is deleted on dispose.</summary>
    internal static SampleData FromOwnedFile(string path, long length, Hashes hashes) => new(null, path, true, length, hashes);

    internal static SampleData FromOwnedBytes(byte[] bytes, Hashes hashes) => new(bytes, null, false, bytes.LongLength, hashes);

    public Stream OpenRead() => _bytes is not null
        ? new MemoryStream(_bytes, writable: false)
        : new FileStream(_path!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    /// <summary>Up to <paramref name="count"/> bytes from <paramref name="offset"/> (fewer near the end), read
    /// without touching the rest of the content: for parsers that need a bounded part of a large file in memory.</summary>
    public async ValueTask<byte[]> ReadAsync(long offset, int count, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var length = (int)Math.Min(count, Math.Max(0, Length - offset));
        if (_bytes is not null)
        {
            return _bytes.AsSpan((int)Math.Min(offset, _bytes.Length), length).ToArray();
        }

        var buffer = new byte[length];
        var stream = OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            stream.Seek(offset, SeekOrigin.Begin);
            var read = await stream.ReadAtLeastAsync(buffer, length, throwOnEndOfStream: false, cancellation).ConfigureAwait(false);
            return read < length ? buffer[..read] : buffer;
        }
    }

    /// <summary>The first <paramref name="budget"/> bytes at most (the whole content when it fits).</summary>
    public ValueTask<byte[]> ReadPrefixAsync(long budget, CancellationToken cancellation) =>
        ReadAsync(0, (int)Math.Clamp(budget, 0, Array.MaxLength), cancellation);

    /// <summary>The whole content as an array; for callers that have checked <see cref="Length"/> first.</summary>
    public byte[] ReadAllBytes() => _bytes ?? File.ReadAllBytes(_path!);

    public void Dispose()
    {
        if (_ownsFile && _path is not null)
        {
            try
            {
                File.Delete(_path);
            }
            catch (IOException)
            {
                // A temporary file still open elsewhere goes with the analysis' folder.
            }
        }
    }

    private byte[] ReadHead()
    {
        if (_bytes is not null)
        {
            return _bytes.Length <= HeadLength ? _bytes : _bytes[..HeadLength];
        }

        using var stream = OpenRead();
        var head = new byte[(int)Math.Min(HeadLength, Length)];
        stream.ReadExactly(head);
        return head;
    }

    private static Hashes HashOf(ReadOnlySpan<byte> bytes)
    {
        using var hasher = new MultiHasher();
        hasher.Append(bytes);
        return hasher.Finish();
    }
}
