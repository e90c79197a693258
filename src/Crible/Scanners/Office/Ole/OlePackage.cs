using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Office.Ole;

/// <summary>
/// A file wrapped by the OLE Packager (class "Package"): the native data of an OLE1 object in RTF, or the content of
/// an \u0001Ole10Native stream. The original and temporary paths are where the author's machine had the file and
/// where Office writes it when the object is opened; both are indicators worth reporting.
/// </summary>
/// <param name="Label">The label shown in the document (usually the file name, but the author chooses it).</param>
/// <param name="SourcePath">The file's path on the author's machine.</param>
/// <param name="TempPath">Where the packager drops it when the object is activated.</param>
/// <param name="IsLink">True for a link to a file (no content inside).</param>
/// <param name="Data">The file's bytes (empty for a link).</param>
/// <param name="Truncated">True when the data size said more than the object holds.</param>
public sealed record OlePackage(string Label, string SourcePath, string TempPath, bool IsLink, ReadOnlyMemory<byte> Data, bool Truncated)
{
    private const int MaxPathLength = 32 * 1024;
    private const uint EmbeddedType = 0x00030000;
    private const uint LinkType = 0x00010000;

    /// <summary>The name to give the file: the last part of its temporary or original path, else its label.</summary>
    public string FileName
    {
        get
        {
            foreach (var candidate in new[] { TempPath, SourcePath, Label })
            {
                var name = LastPathPart(candidate);
                if (name.Length > 0)
                {
                    return name;
                }
            }

            return "package";
        }
    }

    /// <summary>Reads the content of an \u0001Ole10Native stream: a 32-bit size, then the native data.</summary>
    public static bool TryParseOle10Native(ReadOnlyMemory<byte> stream, out OlePackage? package, out ReadOnlyMemory<byte> nativeData)
    {
        package = null;
        nativeData = ReadOnlyMemory<byte>.Empty;
        if (stream.Length < 4)
        {
            return false;
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(stream.Span);
        nativeData = stream[4..];
        if (declared < nativeData.Length)
        {
            nativeData = nativeData[..(int)declared];
        }

        package = TryParse(nativeData);
        return true;
    }

    /// <summary>Reads packager native data; null when it is not a package (another class's data).</summary>
    public static OlePackage? TryParse(ReadOnlyMemory<byte> native)
    {
        try
        {
            return Parse(native);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static OlePackage Parse(ReadOnlyMemory<byte> native)
    {
        var reader = new SpanReader(native.Span);
        if (reader.ReadUInt16() != 2)
        {
            throw new InvalidDataException("not packager data");
        }

        var label = reader.ReadNullTerminatedAnsi(MaxPathLength);
        var source = reader.ReadNullTerminatedAnsi(MaxPathLength);
        var type = reader.ReadUInt32();
        if (type == LinkType)
        {
            return new OlePackage(label, source, string.Empty, true, ReadOnlyMemory<byte>.Empty, false);
        }

        if (type != EmbeddedType)
        {
            throw new InvalidDataException($"unknown package type 0x{type:X8}");
        }

        var tempPath = AnsiUntilNull(reader.ReadBytes(reader.ReadLength32()));
        var dataSize = reader.ReadUInt32();
        var available = Math.Min(dataSize, (uint)reader.Remaining);
        var start = reader.Position;
        reader.Skip(available);
        var package = new OlePackage(label, source, tempPath, false, native.Slice(start, (int)available), available < dataSize);
        return WithUnicodeNames(package, ref reader);
    }

    /// <summary>Newer packagers repeat the paths in UTF-16 after the data; they win when present, since the
    /// 8-bit ones lose every character outside the author's code page.</summary>
    private static OlePackage WithUnicodeNames(OlePackage package, ref SpanReader reader)
    {
        try
        {
            var tempPath = Utf16(ref reader);
            var label = Utf16(ref reader);
            var source = Utf16(ref reader);
            return package with
            {
                TempPath = tempPath.Length > 0 ? tempPath : package.TempPath,
                Label = label.Length > 0 ? label : package.Label,
                SourcePath = source.Length > 0 ? source : package.SourcePath,
            };
        }
        catch (InvalidDataException)
        {
            return package;
        }
    }

    private static string Utf16(ref SpanReader reader)
    {
        var characters = reader.ReadUInt32();
        if (characters > MaxPathLength || characters * 2 > (uint)reader.Remaining)
        {
            throw new InvalidDataException("no UTF-16 path");
        }

        return Encoding.Unicode.GetString(reader.ReadBytes(characters * 2)).TrimEnd('\0');
    }

    private static string AnsiUntilNull(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return SpanReader.Latin1(end < 0 ? bytes : bytes[..end]);
    }

    private static string LastPathPart(string path)
    {
        var trimmed = path.Trim().TrimEnd('\\', '/');
        var cut = trimmed.LastIndexOfAny(['\\', '/']);
        return cut < 0 ? trimmed : trimmed[(cut + 1)..];
    }
}
