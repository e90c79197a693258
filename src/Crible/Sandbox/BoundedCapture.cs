using System.Text;

namespace Crible.Sandbox;

/// <summary>Reads a child's output to its end so the child never blocks on a full pipe, keeping only the first bytes.</summary>
internal sealed class BoundedCapture
{
    private readonly byte[] _kept;
    private int _length;

    private BoundedCapture(int bound) => _kept = new byte[bound];

    public bool Truncated { get; private set; }

    public string Text => Encoding.UTF8.GetString(_kept, 0, _length);

    public static async Task<BoundedCapture> ReadAsync(Stream stream, int bound)
    {
        var capture = new BoundedCapture(Math.Max(0, bound));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            capture.Keep(buffer.AsSpan(0, read));
        }

        return capture;
    }

    private void Keep(ReadOnlySpan<byte> chunk)
    {
        var room = _kept.Length - _length;
        if (chunk.Length > room)
        {
            Truncated = true;
        }

        var taken = Math.Min(room, chunk.Length);
        chunk[..taken].CopyTo(_kept.AsSpan(_length));
        _length += taken;
    }
}
