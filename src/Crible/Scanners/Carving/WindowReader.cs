namespace Crible.Scanners.Carving;

/// <summary>Byte-at-a-time access to a sample through a sliding window, for walking a format's blocks forward.</summary>
internal sealed class WindowReader(SampleBytes bytes)
{
    private const int WindowLength = 1 << 16;
    private byte[] _window = [];
    private long _start = -1;

    public long Length => bytes.Length;

    /// <summary>The byte at <paramref name="offset"/>, or -1 past the end.</summary>
    public int this[long offset]
    {
        get
        {
            if (offset < 0 || offset >= bytes.Length)
            {
                return -1;
            }

            if (_start < 0 || offset < _start || offset >= _start + _window.Length)
            {
                _window = bytes.ReadAt(offset, WindowLength);
                _start = offset;
            }

            return _window[offset - _start];
        }
    }

    /// <summary>A big-endian 16-bit value, or -1 past the end.</summary>
    public int U16Be(long offset)
    {
        var high = this[offset];
        var low = this[offset + 1];
        return high < 0 || low < 0 ? -1 : (high << 8) | low;
    }

    /// <summary>The first offset at or after <paramref name="from"/> that holds <paramref name="value"/>, or -1.</summary>
    public long IndexOf(byte value, long from)
    {
        for (var offset = Math.Max(0, from); offset < bytes.Length; offset += WindowLength)
        {
            var block = bytes.ReadAt(offset, WindowLength);
            var at = block.AsSpan().IndexOf(value);
            if (at >= 0)
            {
                return offset + at;
            }
        }

        return -1;
    }
}
