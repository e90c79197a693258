using Crible.Model;
using Microsoft.Win32.SafeHandles;

namespace Crible.Scanners.Carving;

/// <summary>Bounded random reads over a sample, in memory or in its temporary file, without loading it whole.</summary>
internal sealed class SampleBytes : IDisposable
{
    private readonly SampleData _data;
    private readonly SafeFileHandle? _file;

    public SampleBytes(SampleData data)
    {
        _data = data;
        _file = data.IsInMemory ? null : File.OpenHandle(data.FilePath!, FileMode.Open, FileAccess.Read, FileShare.Read);
    }

    public long Length => _data.Length;

    /// <summary>Up to <paramref name="count"/> bytes at <paramref name="offset"/>; fewer (or none) past the end.</summary>
    public byte[] ReadAt(long offset, int count)
    {
        if (offset < 0 || offset >= Length || count <= 0)
        {
            return [];
        }

        var buffer = new byte[(int)Math.Min(count, Length - offset)];
        if (_file is null)
        {
            _data.Memory.Span.Slice((int)offset, buffer.Length).CopyTo(buffer);
            return buffer;
        }

        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(_file, buffer.AsSpan(total), offset + total);
            if (read == 0)
            {
                return buffer[..total];
            }

            total += read;
        }

        return buffer;
    }

    /// <summary>A read-only stream over <paramref name="length"/> bytes from <paramref name="offset"/>.</summary>
    public Stream OpenSlice(long offset, long length)
    {
        var stream = _data.OpenRead();
        stream.Position = offset;
        return new SliceStream(stream, Math.Min(length, Length - offset));
    }

    public void Dispose() => _file?.Dispose();
}
