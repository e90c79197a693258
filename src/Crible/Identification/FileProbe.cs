using Crible.Model;

namespace Crible.Identification;

/// <summary>What a detector may look at: the start of the file, bounded reads elsewhere, its length and its name
/// (the name is a weak hint, never trusted over content).</summary>
public sealed class FileProbe(SampleData data, string name)
{
    /// <summary>Most bytes one <see cref="ReadAt"/> returns.</summary>
    public const int MaxRead = 1 << 20;

    private byte[]? _tail;
    private TextSample? _text;

    public string Name { get; } = name;

    public long Length => data.Length;

    /// <summary>The first 64 KiB (fewer for a short file).</summary>
    public ReadOnlySpan<byte> Head => data.Head;

    /// <summary>The last 64 KiB (the whole file when shorter).</summary>
    public ReadOnlySpan<byte> Tail => _tail ??= ReadAt(Math.Max(0, Length - SampleData.HeadLength), SampleData.HeadLength);

    /// <summary>The head decoded as text, with a measure of how text-like it is.</summary>
    public TextSample Text => _text ??= TextSample.From(Head);

    /// <summary>Up to <paramref name="count"/> bytes at <paramref name="offset"/>; fewer (or none) past the end.</summary>
    public byte[] ReadAt(long offset, int count)
    {
        if (offset < 0 || offset >= Length || count <= 0)
        {
            return [];
        }

        count = (int)Math.Min(Math.Min(count, MaxRead), Length - offset);
        if (data.IsInMemory)
        {
            return data.Memory.Slice((int)offset, count).ToArray();
        }

        using var stream = data.OpenRead();
        stream.Position = offset;
        var buffer = new byte[count];
        stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return buffer;
    }

    /// <summary>True when the file starts with <paramref name="magic"/> at <paramref name="offset"/> in the head.</summary>
    public bool HasAt(int offset, ReadOnlySpan<byte> magic) =>
        offset >= 0 && Head.Length >= offset + magic.Length && Head.Slice(offset, magic.Length).SequenceEqual(magic);
}
