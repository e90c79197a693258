namespace Crible.Scanners.Carving;

/// <summary>A file found inside another at <paramref name="Offset"/>, <paramref name="Length"/> bytes long.</summary>
internal sealed record CarvedPayload(long Offset, long Length, MagicFormat Format);

/// <summary>Finds the formats worth carving (programs and archives) at the start of a region of a sample.</summary>
internal static class PayloadFinder
{
    /// <summary>How far into a region a strong magic (PE, ZIP, 7z, RAR, CAB) is looked for: self-extractors and
    /// binders put a little configuration or padding before the archive.</summary>
    public const int SearchLength = 64 * 1024;

    private static readonly MagicFormat[] Carvable = [KnownMagic.Pe, KnownMagic.Zip, KnownMagic.SevenZip, KnownMagic.Rar, KnownMagic.Cab];

    /// <summary>The first program or archive in the region from <paramref name="start"/> to the end: a strong magic
    /// within <see cref="SearchLength"/> bytes, or gzip/ELF right after padding.</summary>
    public static CarvedPayload? FindAt(SampleBytes bytes, long start)
    {
        var window = bytes.ReadAt(start, SearchLength + KnownMagic.PrefixLength);
        var first = window.AsSpan().IndexOfAnyExcept((ReadOnlySpan<byte>)[0x00, 0x20, 0x09, 0x0A, 0x0D, 0xFF]);
        if (first < 0)
        {
            return null;
        }

        var weak = KnownMagic.Identify(window.AsSpan(first));
        if (weak == KnownMagic.Gzip || weak == KnownMagic.Elf)
        {
            return Payload(bytes, start + first, weak);
        }

        for (var at = first; at < Math.Min(window.Length, SearchLength); at++)
        {
            if (window[at] == 'M' && at + 1 < window.Length && window[at + 1] == 'Z' && Payload(bytes, start + at, KnownMagic.Pe) is { } program)
            {
                return program;
            }

            var format = window[at] is (byte)'P' or (byte)'7' or (byte)'R' or (byte)'M' ? KnownMagic.Identify(window.AsSpan(at)) : null;
            if (format is not null && format != KnownMagic.Pe && Array.IndexOf(Carvable, format) >= 0)
            {
                return Payload(bytes, start + at, format);
            }
        }

        return null;
    }

    /// <summary>A PE is cut at the end of its image; anything else runs to the end of the file.</summary>
    private static CarvedPayload? Payload(SampleBytes bytes, long offset, MagicFormat format)
    {
        var rest = bytes.Length - offset;
        if (format != KnownMagic.Pe)
        {
            return new CarvedPayload(offset, rest, format);
        }

        var length = PeImageExtent.Measure(bytes, offset);
        return length is > 0 ? new CarvedPayload(offset, Math.Min(length.Value, rest), format) : null;
    }
}
