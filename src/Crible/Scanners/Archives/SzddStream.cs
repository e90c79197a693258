using Crible.IO;
namespace Crible.Scanners.Archives;

/// <summary>
/// Decodes the LZSS of MS-DOS COMPRESS.EXE ("SZDD"): a 4 KiB window primed with spaces, control bytes whose bits
/// (lowest first) say literal byte (1) or a 12-bit position and 4-bit length match (0). Each input byte yields at
/// most nine output bytes, so the format cannot be a bomb; the stream simply ends where the input ends.
/// </summary>
internal sealed class SzddStream(Stream packed) : ForwardOnlyReadStream
{
    public const int HeaderLength = 14;
    private const int WindowSize = 4096;
    private const int WindowMask = WindowSize - 1;
    private const int MinMatch = 3;
    private readonly byte[] _window = CreateWindow();
    private readonly byte[] _pending = new byte[MinMatch + 15];
    private int _windowPosition = WindowSize - 16;
    private int _control;
    private int _controlBitsLeft;
    private int _pendingOffset;
    private int _pendingCount;
    private bool _ended;

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_pendingOffset == _pendingCount && !DecodeNext())
            {
                break;
            }

            var count = Math.Min(buffer.Length - written, _pendingCount - _pendingOffset);
            _pending.AsSpan(_pendingOffset, count).CopyTo(buffer[written..]);
            _pendingOffset += count;
            written += count;
        }

        return written;
    }

    private static byte[] CreateWindow()
    {
        var window = new byte[WindowSize];
        Array.Fill(window, (byte)' ');
        return window;
    }

    /// <summary>Decodes one literal or one match into the pending buffer; false at the end of the input.</summary>
    private bool DecodeNext()
    {
        if (_ended)
        {
            return false;
        }

        if (_controlBitsLeft == 0)
        {
            _control = packed.ReadByte();
            _controlBitsLeft = 8;
            if (_control < 0)
            {
                _ended = true;
                return false;
            }
        }

        var literal = (_control & 1) != 0;
        _control >>= 1;
        _controlBitsLeft--;
        var first = packed.ReadByte();
        var second = literal ? 0 : packed.ReadByte();
        if (first < 0 || second < 0)
        {
            _ended = true;
            return false;
        }

        _pendingOffset = 0;
        if (literal)
        {
            _pendingCount = 1;
            Put(0, (byte)first);
            return true;
        }

        var matchPosition = first | ((second & 0xF0) << 4);
        _pendingCount = (second & 0x0F) + MinMatch;
        for (var i = 0; i < _pendingCount; i++)
        {
            Put(i, _window[(matchPosition + i) & WindowMask]);
        }

        return true;
    }

    private void Put(int index, byte value)
    {
        _pending[index] = value;
        _window[_windowPosition] = value;
        _windowPosition = (_windowPosition + 1) & WindowMask;
    }
}
