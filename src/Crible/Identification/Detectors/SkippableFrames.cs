namespace Crible.Identification.Detectors;

/// <summary>Skippable frames (magic 0x184D2A50–5F, then a 32-bit length) that both LZ4 and Zstandard streams may
/// start with to carry metadata; the real first frame follows them.</summary>
internal static class SkippableFrames
{
    private const int MaxFrames = 16;
    private const int FrameHeaderLength = 8;

    /// <summary>The offset of the first frame that is not skippable (0 when there is none to skip), or -1 when
    /// the skippable frames run past the head.</summary>
    public static int Skip(ReadOnlySpan<byte> head)
    {
        var bytes = new HeaderBytes(head);
        var offset = 0;
        for (var i = 0; i < MaxFrames; i++)
        {
            var magic = bytes.U32Le(offset);
            if (magic is < 0x184D2A50 or > 0x184D2A5F)
            {
                return offset;
            }

            var length = bytes.U32Le(offset + 4);
            if (length < 0 || offset + FrameHeaderLength + length > head.Length)
            {
                return -1;
            }

            offset += FrameHeaderLength + (int)length;
        }

        return -1;
    }
}
