using System.IO.Compression;

namespace Crible.Scanners.Pdf;

/// <summary>What decoding a stream gave: the bytes, whether a filter stopped on damage or a bound, and the image
/// filter left in place (DCT, JPX...) if any.</summary>
internal sealed record DecodedStream(byte[] Data, string? Problem, string? RemainingFilter);

/// <summary>
/// The stream filters that carry arbitrary data: FlateDecode (with PNG and TIFF predictors), LZWDecode,
/// ASCIIHexDecode, ASCII85Decode, RunLengthDecode, in a chain. Image codecs (DCT, JPX, CCITT, JBIG2) stop the chain:
/// their data is already a file format. Every stage is bounded by <c>maxOutput</c>; damaged data yields what
/// decoded before the damage.
/// </summary>
internal static class PdfFilters
{
    private const int MaxChain = 8;

    public static DecodedStream Decode(byte[] raw, PdfDictionary dictionary, long maxOutput)
    {
        var filters = Names(dictionary["Filter"]);
        var parameters = dictionary["DecodeParms"];
        var data = raw;
        string? problem = null;
        for (var index = 0; index < filters.Count; index++)
        {
            if (index == MaxChain)
            {
                return new DecodedStream(data, $"more than {MaxChain} filters", null);
            }

            var parms = ParametersAt(parameters, index);
            var stage = Apply(filters[index], data, parms, maxOutput);
            if (stage is null)
            {
                return new DecodedStream(data, problem, filters[index]);
            }

            (data, var stageProblem) = stage.Value;
            problem ??= stageProblem is null ? null : $"{filters[index]}: {stageProblem}";
        }

        return new DecodedStream(data, problem, null);
    }

    private static (byte[] Data, string? Problem)? Apply(string filter, byte[] data, PdfDictionary? parms, long maxOutput)
    {
        switch (filter)
        {
            case "FlateDecode" or "Fl":
                var inflated = Inflate(data, maxOutput);
                return (Predictors.Apply(inflated.Data, parms), inflated.Problem);
            case "LZWDecode" or "LZW":
                var early = (parms?["EarlyChange"] as PdfNumber)?.Value is 0 ? 0 : 1;
                var expanded = LzwDecoder.Decode(data, early, maxOutput);
                return (Predictors.Apply(expanded.Data, parms), expanded.Problem);
            case "ASCIIHexDecode" or "AHx":
                return (AsciiDecoders.Hex(data), null);
            case "ASCII85Decode" or "A85":
                return AsciiDecoders.Base85(data);
            case "RunLengthDecode" or "RL":
                return RunLength(data, maxOutput);
            case "Crypt":
                // Decryption happened before the filters; an Identity crypt filter changes nothing.
                return (data, null);
            default:
                return null;
        }
    }

    /// <summary>zlib data, tolerating a truncated or damaged tail and a missing zlib header. The decompressor stops
    /// quietly at the end of truncated data, so the zlib trailer (Adler-32 of the output) tells whether all came out.</summary>
    private static (byte[] Data, string? Problem) Inflate(byte[] data, long maxOutput)
    {
        var (output, problem) = Drain(new ZLibStream(new MemoryStream(data), CompressionMode.Decompress), maxOutput);
        if (output.Length == 0 && problem is not null && data.Length > 2)
        {
            return Drain(new DeflateStream(new MemoryStream(data, 2, data.Length - 2), CompressionMode.Decompress), maxOutput);
        }

        return (output, problem ?? (EndsWithChecksumOf(data, output) ? null : "truncated or damaged compressed data (its checksum does not match)"));
    }

    /// <summary>True when the 4-byte big-endian Adler-32 of <paramref name="output"/> ends the data (whitespace aside).</summary>
    private static bool EndsWithChecksumOf(byte[] data, byte[] output)
    {
        var sum = Crible.IO.Adler32.Compute(output);
        Span<byte> checksum = [(byte)(sum >> 24), (byte)(sum >> 16), (byte)(sum >> 8), (byte)sum];
        var end = data.Length;
        while (end > 0 && PdfSyntax.IsWhitespace(data[end - 1]) && data.Length - end < 4)
        {
            end--;
        }

        return data.AsSpan(0, end).EndsWith(checksum) || data.AsSpan().EndsWith(checksum);
    }

    private static (byte[] Data, string? Problem) Drain(Stream decompressor, long maxOutput)
    {
        using var output = new MemoryStream();
        var buffer = new byte[1 << 16];
        string? problem = null;
        using (decompressor)
        {
            try
            {
                int read;
                while ((read = decompressor.Read(buffer, 0, (int)Math.Min(buffer.Length, maxOutput - output.Length + 1))) > 0)
                {
                    output.Write(buffer, 0, read);
                    if (output.Length > maxOutput)
                    {
                        output.SetLength(maxOutput);
                        problem = $"expands beyond {maxOutput} bytes";
                        break;
                    }
                }
            }
            catch (InvalidDataException exception)
            {
                problem = $"damaged compressed data ({exception.Message})";
            }
        }

        return (output.ToArray(), problem);
    }

    private static (byte[] Data, string? Problem) RunLength(byte[] data, long maxOutput)
    {
        using var output = new MemoryStream();
        var index = 0;
        while (index < data.Length && output.Length < maxOutput)
        {
            var length = data[index++];
            if (length == 128)
            {
                break;
            }

            if (length < 128)
            {
                var count = Math.Min(length + 1, data.Length - index);
                output.Write(data, index, count);
                index += count;
            }
            else if (index < data.Length)
            {
                var value = data[index++];
                for (var copy = 0; copy < 257 - length; copy++)
                {
                    output.WriteByte(value);
                }
            }
        }

        return (output.ToArray(), output.Length >= maxOutput ? $"expands beyond {maxOutput} bytes" : null);
    }

    private static List<string> Names(PdfValue? value) => value switch
    {
        PdfName name => [name.Value],
        PdfArray array => [.. array.Items.OfType<PdfName>().Select(n => n.Value)],
        _ => [],
    };

    private static PdfDictionary? ParametersAt(PdfValue? parameters, int index) => parameters switch
    {
        PdfDictionary dictionary when index == 0 => dictionary,
        PdfArray array when index < array.Items.Count => array.Items[index] as PdfDictionary,
        _ => null,
    };
}
