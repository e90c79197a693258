using System.Numerics;
using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>
/// Raw .lzma ("LZMA alone") streams. The header has no magic, so every field must be plausible: properties below
/// 225 (lc/lp/pb in range), a dictionary of 2^n or 2^n + 2^(n-1) bytes as every encoder writes, an unknown (-1) or
/// sane uncompressed size, and a range-coder stream whose first byte is always zero.
/// </summary>
public sealed class LzmaDetector : IFileKindDetector
{
    private const int HeaderLength = 13;
    private const int MaxProperties = 225;
    private const uint MinDictionary = 1u << 12;
    private const long MaxKnownSize = 1L << 40;

    public int Priority => DetectorPriority.WeakMagic;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = new HeaderBytes(probe.Head);
        var properties = head.U8(0);
        var dictionary = head.U32Le(1);
        if (properties is < 0 or >= MaxProperties || dictionary < MinDictionary || head.U8(HeaderLength) != 0)
        {
            return null;
        }

        var unknownSize = head.Slice(5, 8).IndexOfAnyExcept((byte)0xFF) < 0;
        var size = head.U64Le(5);
        return IsEncoderDictionarySize((uint)dictionary) && (unknownSize || size is >= 0 and < MaxKnownSize) ? FileKinds.Lzma : null;
    }

    private static bool IsEncoderDictionarySize(uint dictionary)
    {
        var lowestBit = dictionary & (0u - dictionary);
        var rest = dictionary - lowestBit;
        return BitOperations.IsPow2(dictionary) || (rest != 0 && BitOperations.IsPow2(rest) && rest == lowestBit << 1);
    }
}
