namespace Crible.Model;

/// <summary>The outcome of copying a stream into a <see cref="SampleData"/>.</summary>
/// <param name="Truncated">True when the source held more than the bound allowed; the data is its first part.</param>
internal readonly record struct SampleCopy(SampleData Data, bool Truncated);

/// <summary>
/// Copies untrusted content into a sample, hashing as it goes, never past a bound, in memory while it is small and
/// in a temporary file past that.
/// </summary>
internal static class SampleWriter
{
    private const int BufferSize = 1 << 16;

    /// <param name="maxBytes">Bytes kept at most; one more read tells whether the source was longer.</param>
    /// <param name="maxInMemory">Past this size the content moves to a file in <paramref name="tempDirectory"/>.</param>
    public static async Task<SampleCopy> CopyAsync(
        Stream source,
        long maxBytes,
        long maxInMemory,
        string tempDirectory,
        CancellationToken cancellation)
    {
        using var hasher = new MultiHasher();
        var buffer = new byte[BufferSize];
        var memory = new MemoryStream();
        FileStream? file = null;
        string? path = null;
        long length = 0;
        var truncated = false;
        try
        {
            while (true)
            {
                var wanted = (int)Math.Min(BufferSize, maxBytes - length);
                if (wanted == 0)
                {
                    truncated = await source.ReadAsync(buffer.AsMemory(0, 1), cancellation).ConfigureAwait(false) > 0;
                    break;
                }

                var read = await source.ReadAsync(buffer.AsMemory(0, wanted), cancellation).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                hasher.Append(buffer.AsSpan(0, read));
                length += read;
                if (file is null && length > maxInMemory)
                {
                    Directory.CreateDirectory(tempDirectory);
                    path = Path.Combine(tempDirectory, Guid.NewGuid().ToString("N"));
                    file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, BufferSize);
                    memory.Position = 0;
                    await memory.CopyToAsync(file, cancellation).ConfigureAwait(false);
                    memory = new MemoryStream();
                }

                if (file is not null)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
                }
                else
                {
                    memory.Write(buffer, 0, read);
                }
            }

            if (file is null)
            {
                return new SampleCopy(SampleData.FromOwnedBytes(memory.ToArray(), hasher.Finish()), truncated);
            }

            await file.DisposeAsync().ConfigureAwait(false);
            file = null;
            return new SampleCopy(SampleData.FromOwnedFile(path!, length, hasher.Finish()), truncated);
        }
        catch
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }

            if (path is not null)
            {
                File.Delete(path);
            }

            throw;
        }
    }
}
