namespace Crible.Scanners.Office.Ole;

/// <summary>
/// An OLE1 object as RTF stores it in \objdata (MS-OLEDS 2.2: ObjectHeader, then for an embedded object its native
/// data, for a linked one the path or URL it points to).
/// </summary>
/// <param name="FormatId">1 linked, 2 embedded.</param>
/// <param name="ClassName">The server's class (<c>Package</c>, <c>Equation.3</c>, <c>Word.Document.8</c>, <c>OLE2Link</c>).</param>
/// <param name="TopicName">For a link, the linked file or URL.</param>
/// <param name="NativeData">The embedded object's own data (empty for a link).</param>
/// <param name="Truncated">True when the native data size said more than the bytes hold.</param>
public sealed record Ole1Object(uint FormatId, string ClassName, string TopicName, string ItemName, ReadOnlyMemory<byte> NativeData, bool Truncated)
{
    public const uint Linked = 1;
    public const uint Embedded = 2;
    private const int MaxNameLength = 32 * 1024;

    /// <summary>Reads the object; null when the bytes do not start with an OLE1 object header.</summary>
    public static Ole1Object? TryParse(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            var reader = new SpanReader(bytes.Span);
            reader.ReadUInt32();
            var formatId = reader.ReadUInt32();
            if (formatId is not (Linked or Embedded))
            {
                return null;
            }

            var className = LengthPrefixed(ref reader);
            var topic = LengthPrefixed(ref reader);
            var item = LengthPrefixed(ref reader);
            if (formatId == Linked)
            {
                return new Ole1Object(formatId, className, topic, item, ReadOnlyMemory<byte>.Empty, false);
            }

            var size = reader.ReadUInt32();
            var available = Math.Min(size, (uint)reader.Remaining);
            return new Ole1Object(formatId, className, topic, item, bytes.Slice(reader.Position, (int)available), available < size);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A 32-bit length (the terminating zero included) then 8-bit characters.</summary>
    private static string LengthPrefixed(ref SpanReader reader)
    {
        var length = reader.ReadLength32();
        if (length > MaxNameLength)
        {
            throw new InvalidDataException($"a name of {length} bytes");
        }

        var bytes = reader.ReadBytes(length);
        var end = bytes.IndexOf((byte)0);
        return SpanReader.Latin1(end < 0 ? bytes : bytes[..end]);
    }
}
