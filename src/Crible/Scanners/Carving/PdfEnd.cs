namespace Crible.Scanners.Carving;

/// <summary>A PDF ends after its last "%%EOF" marker and the end of that line (incremental updates append more
/// revisions, each with its own marker, so only the last one counts).</summary>
internal static class PdfEnd
{
    private const int BlockLength = 1 << 20;

    public static long? Find(SampleBytes bytes)
    {
        var marker = "%%EOF"u8;
        long last = -1;
        for (long offset = 0; offset < bytes.Length; offset += BlockLength - marker.Length)
        {
            var block = bytes.ReadAt(offset, BlockLength);
            var at = block.AsSpan().LastIndexOf(marker);
            if (at >= 0)
            {
                last = offset + at;
            }

            if (block.Length < BlockLength)
            {
                break;
            }
        }

        if (last < 0)
        {
            return null;
        }

        var end = last + marker.Length;
        var after = bytes.ReadAt(end, 2);
        return end + (after.AsSpan().StartsWith("\r\n"u8) ? 2 : after.Length > 0 && after[0] is (byte)'\r' or (byte)'\n' ? 1 : 0);
    }
}
