using System.Text;
using Crible.Scanners.Office;

namespace Crible.Scanners.Installers;

/// <summary>
/// Lists the files of an EPOC installation file (Symbian 6 to 8): a 100-byte header with counts and offsets, then
/// file records (simple, one per language, options, conditions). Every count is bounded and every offset checked
/// against the file; a record type it does not know ends the listing with a stated problem.
/// </summary>
public static class SisReader
{
    public const uint Epoc6Uid2 = 0x10003A12;
    public const int MaxRecords = 4096;
    private const int MaxLanguages = 256;
    private const ushort UnicodeOption = 0x0001;
    private const ushort NoCompressOption = 0x0008;

    /// <summary>The files, in record order; throws <see cref="InvalidDataException"/> when even the header is cut.</summary>
    /// <param name="compressed">True when file data is zlib-compressed (Symbian 6 and later, unless told not).</param>
    /// <param name="problems">Receives what could not be read.</param>
    public static List<SisFile> Read(byte[] sis, out bool compressed, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(sis);
        ArgumentNullException.ThrowIfNull(problems);
        var files = new List<SisFile>();
        var header = new SpanReader(sis);
        header.Skip(4);
        var uid2 = header.ReadUInt32();
        header.Skip(10);
        var languages = header.ReadUInt16();
        var fileCount = header.ReadUInt16();
        header.Skip(14);
        var options = header.ReadUInt16();
        header.Skip(14);
        var filesOffset = header.ReadUInt32();
        compressed = uid2 == Epoc6Uid2 && (options & NoCompressOption) == 0;
        if (languages is 0 or > MaxLanguages || filesOffset >= (uint)sis.Length)
        {
            problems.Add($"implausible header: {languages} languages, file records at {filesOffset}");
            return files;
        }

        var reader = new SpanReader(sis);
        reader.Skip(filesOffset);
        var context = new RecordContext(sis, languages, (options & UnicodeOption) != 0, uid2 == Epoc6Uid2);
        for (var index = 0; index < Math.Min((int)fileCount, MaxRecords); index++)
        {
            try
            {
                if (!ReadRecord(ref reader, context, files, problems))
                {
                    return files;
                }
            }
            catch (InvalidDataException exception)
            {
                problems.Add($"file record {index}: {exception.Message}");
                return files;
            }
        }

        return files;
    }

    private static bool ReadRecord(ref SpanReader reader, RecordContext context, List<SisFile> files, List<string> problems)
    {
        var type = reader.ReadUInt32();
        switch (type)
        {
            case 0:
            case 1:
                files.AddRange(ReadFileRecord(ref reader, context, type == 1 ? context.Languages : 1));
                return true;
            case 2:
                var optionCount = reader.ReadUInt32();
                reader.Skip(((long)optionCount * context.Languages * 8) + 16);
                return true;
            case 3:
            case 4:
                reader.Skip(reader.ReadUInt32());
                return true;
            case 5:
            case 6:
                return true;
            default:
                problems.Add($"unknown file record type {type}; the files after it were not read");
                return false;
        }
    }

    private static List<SisFile> ReadFileRecord(ref SpanReader reader, RecordContext context, int variants)
    {
        var fileType = reader.ReadUInt32();
        reader.Skip(4);
        var source = context.Text(reader.ReadUInt32(), reader.ReadUInt32());
        var destination = context.Text(reader.ReadUInt32(), reader.ReadUInt32());
        var lengths = ReadArray(ref reader, variants);
        var offsets = ReadArray(ref reader, variants);
        var originals = context.IsEpoc6 ? ReadArray(ref reader, variants) : lengths;
        if (context.IsEpoc6)
        {
            reader.Skip(8);
        }

        var files = new List<SisFile>(variants);
        for (var i = 0; i < variants; i++)
        {
            if (offsets[i] > (uint)context.Sis.Length || lengths[i] > (uint)context.Sis.Length - offsets[i])
            {
                throw new InvalidDataException($"{destination}: {lengths[i]} bytes at {offsets[i]} run past the end of the file");
            }

            files.Add(new SisFile(destination, source, fileType, (int)offsets[i], (int)lengths[i], originals[i]));
        }

        return files;
    }

    private static uint[] ReadArray(ref SpanReader reader, int count)
    {
        var values = new uint[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadUInt32();
        }

        return values;
    }

    private sealed record RecordContext(byte[] Sis, int Languages, bool Unicode, bool IsEpoc6)
    {
        /// <summary>A name stored elsewhere in the file; empty when it does not fit.</summary>
        public string Text(uint length, uint offset)
        {
            if (length > 4096 || offset > (uint)Sis.Length || length > (uint)Sis.Length - offset)
            {
                return string.Empty;
            }

            var bytes = Sis.AsSpan((int)offset, (int)length);
            return Unicode ? Encoding.Unicode.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        }
    }
}
