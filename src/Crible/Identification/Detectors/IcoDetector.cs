using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// Windows icons: 00 00 01 00 and an image count, which much binary data also starts with. Every directory entry
/// must therefore be sane: reserved byte zero, 0 or 1 planes, a real bit depth, and image data inside the file
/// after the directory.
/// </summary>
public sealed class IcoDetector : IFileKindDetector
{
    private const int HeaderLength = 6;
    private const int EntryLength = 16;
    private const int MaxImages = 64;
    private static readonly int[] BitDepths = [0, 1, 2, 4, 8, 16, 24, 32];

    public int Priority => DetectorPriority.WeakMagic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        var count = head.U16Le(4);
        if (!head.Matches(0, [0, 0, 1, 0]) || count is < 1 or > MaxImages)
        {
            return null;
        }

        var directoryEnd = HeaderLength + (count * EntryLength);
        for (var i = 0; i < count; i++)
        {
            var entry = HeaderLength + (i * EntryLength);
            var size = head.U32Le(entry + 8);
            var offset = head.U32Le(entry + 12);
            var entryOk = head.U8(entry + 3) == 0 && head.U16Le(entry + 4) is 0 or 1 && BitDepths.Contains(head.U16Le(entry + 6))
                && size > 0 && offset >= directoryEnd && offset + size <= probe.Length;
            if (!entryOk)
            {
                return null;
            }
        }

        return FileKinds.Ico;
    }
}
