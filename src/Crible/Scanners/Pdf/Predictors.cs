namespace Crible.Scanners.Pdf;

/// <summary>
/// Undoes the predictors Flate and LZW data may carry (DecodeParms /Predictor): PNG filters (10-15, a filter byte
/// per row) and TIFF predictor 2 for 8-bit components. Unknown or absurd parameters leave the data as it is.
/// </summary>
internal static class Predictors
{
    public static byte[] Apply(byte[] data, PdfDictionary? parms)
    {
        var predictor = Integer(parms, "Predictor", 1);
        if (predictor < 2)
        {
            return data;
        }

        var colors = Integer(parms, "Colors", 1);
        var bits = Integer(parms, "BitsPerComponent", 8);
        var columns = Integer(parms, "Columns", 1);
        if (colors is < 1 or > 32 || bits is not (1 or 2 or 4 or 8 or 16) || columns is < 1 or > 1 << 20)
        {
            return data;
        }

        var bytesPerPixel = Math.Max(1, colors * bits / 8);
        var rowLength = ((colors * bits * columns) + 7) / 8;
        return predictor == 2 ? (bits == 8 ? Tiff(data, rowLength, bytesPerPixel) : data) : predictor >= 10 ? Png(data, rowLength, bytesPerPixel) : data;
    }

    private static byte[] Png(byte[] data, int rowLength, int bytesPerPixel)
    {
        var rows = data.Length / (rowLength + 1);
        var output = new byte[rows * rowLength];
        var previous = new byte[rowLength];
        for (var row = 0; row < rows; row++)
        {
            var input = data.AsSpan((row * (rowLength + 1)) + 1, rowLength);
            var current = output.AsSpan(row * rowLength, rowLength);
            var type = data[row * (rowLength + 1)];
            for (var i = 0; i < rowLength; i++)
            {
                var left = i >= bytesPerPixel ? current[i - bytesPerPixel] : 0;
                var up = previous[i];
                var upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
                current[i] = (byte)(input[i] + type switch
                {
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => 0,
                });
            }

            current.CopyTo(previous);
        }

        return output;
    }

    private static byte[] Tiff(byte[] data, int rowLength, int bytesPerPixel)
    {
        var output = (byte[])data.Clone();
        for (var start = 0; start + rowLength <= output.Length; start += rowLength)
        {
            for (var i = bytesPerPixel; i < rowLength; i++)
            {
                output[start + i] += output[start + i - bytesPerPixel];
            }
        }

        return output;
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        var toLeft = Math.Abs(estimate - left);
        var toUp = Math.Abs(estimate - up);
        var toUpLeft = Math.Abs(estimate - upLeft);
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }

    private static int Integer(PdfDictionary? parms, string key, int fallback) =>
        parms?[key] is PdfNumber { AsLength: >= 0 and <= int.MaxValue } number ? (int)number.AsLength : fallback;
}
