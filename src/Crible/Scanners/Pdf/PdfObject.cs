namespace Crible.Scanners.Pdf;

/// <summary>One indirect object found in the file.</summary>
/// <param name="Offset">Where "N G obj" starts (for objects from an object stream: the stream object's offset).</param>
/// <param name="Value">Its value (for a stream: the stream dictionary).</param>
/// <param name="StreamStart">Where its stream data starts, or -1.</param>
/// <param name="StreamEnd">Where its stream data ends as found by scanning for "endstream" (the /Length may say
/// otherwise), or -1.</param>
/// <param name="FromObjectStream">True for an object read from an object stream (its strings are not encrypted).</param>
internal sealed record PdfObject(int Number, int Generation, int Offset, PdfValue? Value, int StreamStart, int StreamEnd, bool FromObjectStream = false)
{
    public PdfDictionary? Dictionary => Value as PdfDictionary;

    public bool HasStream => StreamStart >= 0;

    public string Label => $"obj{Number}";
}
