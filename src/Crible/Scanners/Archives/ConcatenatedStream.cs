using Crible.IO;
namespace Crible.Scanners.Archives;

/// <summary>Reads one decoded part after another (xz streams, lzip members): when a part ends, the next one is
/// asked for, until there is none. Each part consumes input, so the number of parts is bounded by the file.</summary>
internal sealed class ConcatenatedStream(Func<Stream?> nextPart) : ForwardOnlyReadStream
{
    private Stream? _current;
    private bool _ended;

    public override int Read(Span<byte> buffer)
    {
        while (!_ended && !buffer.IsEmpty)
        {
            _current ??= nextPart();
            if (_current is null)
            {
                _ended = true;
                break;
            }

            var read = _current.Read(buffer);
            if (read > 0)
            {
                return read;
            }

            _current.Dispose();
            _current = null;
        }

        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }

        base.Dispose(disposing);
    }
}
