using System.Text;
using Crible.IO;
using Crible.Scanners.Office;

namespace Crible.Scanners.Installers.AutoIt;

/// <summary>One file of a compiled AutoIt script: the script itself or a file added with FileInstall.</summary>
/// <param name="Name">The name AutoIt stored (<c>&gt;&gt;&gt;AUTOIT SCRIPT&lt;&lt;&lt;</c> for the script, else the file's name).</param>
/// <param name="SourcePath">Where the file was on the author's machine when the script was compiled.</param>
/// <param name="Content">The decrypted (and decompressed) bytes; null when they could not be recovered.</param>
/// <param name="Problem">Why the content is missing or partial, null when it is whole.</param>
internal sealed record AutoItEntry(string Name, string SourcePath, byte[]? Content, string? Problem)
{
    public bool IsScript => Name.Contains("AUTOIT SCRIPT", StringComparison.Ordinal) || Name.Contains("AUTOIT UNICODE SCRIPT", StringComparison.Ordinal);
}

/// <summary>
/// Reads the entries of a compiled AutoIt v3 script: the 16-byte marker and "AU3!" then "EA05" or "EA06", a 16-byte
/// header, then entries (a "FILE" tag, a name, a source path, a compression flag, sizes, an Adler-32 and the data),
/// every field XORed with a key stream. Nothing read is trusted: each length is checked against what is left, and
/// reading stops at the first entry that does not decode.
/// </summary>
internal static class AutoItScript
{
    public const int MaxEntries = 4096;
    private const int MaxNameChars = 4096;
    private const string NoExecute = ">>>AUTOIT NO CMDEXECUTE<<<";

    /// <summary>The 16 bytes that open a compiled script, followed by "AU3!".</summary>
    public static ReadOnlySpan<byte> Marker => [0xA3, 0x48, 0x4B, 0xBE, 0x98, 0x6C, 0x4A, 0xA9, 0x99, 0x4C, 0x53, 0x0A, 0x86, 0xD6, 0x48, 0x7D, (byte)'A', (byte)'U', (byte)'3', (byte)'!'];

    /// <summary>The version named after the marker at the start of <paramref name="blob"/>, or null.</summary>
    public static AutoItVersion? VersionOf(ReadOnlySpan<byte> blob)
    {
        if (!blob.StartsWith(Marker) || blob.Length < Marker.Length + 4)
        {
            return null;
        }

        var tag = blob.Slice(Marker.Length, 4);
        return tag.SequenceEqual("EA05"u8) ? AutoItVersion.Ea05 : tag.SequenceEqual("EA06"u8) ? AutoItVersion.Ea06 : null;
    }

    /// <summary>The entries of the script that starts at <paramref name="blob"/>, and why reading stopped early.</summary>
    public static (List<AutoItEntry> Entries, string? Problem) Read(ReadOnlySpan<byte> blob, int maxContentLength)
    {
        var entries = new List<AutoItEntry>();
        if (VersionOf(blob) is not { } version)
        {
            return (entries, "no AutoIt marker");
        }

        var keys = AutoItFieldKeys.For(version);
        var reader = new SpanReader(blob[(Marker.Length + 4)..]);
        try
        {
            var header = reader.ReadBytes(16);
            var checksumSeed = 0u;
            foreach (var value in header)
            {
                checksumSeed += value;
            }

            while (reader.Remaining >= 4 && entries.Count < MaxEntries)
            {
                if (!AutoItKeyStream.Decrypt(version, reader.ReadBytes(4), keys.Marker).AsSpan().SequenceEqual("FILE"u8))
                {
                    // The entries end where the next tag does not decode: the rest is padding or other data.
                    break;
                }

                if (ReadEntry(ref reader, version, keys, checksumSeed, maxContentLength) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }
        catch (InvalidDataException exception)
        {
            return (entries, $"entry {entries.Count + 1} is damaged ({exception.Message})");
        }

        return (entries, entries.Count == MaxEntries ? $"more than {MaxEntries} entries; the rest was not read" : null);
    }

    private static AutoItEntry? ReadEntry(ref SpanReader reader, AutoItVersion version, AutoItFieldKeys keys, uint checksumSeed, int maxContentLength)
    {
        var name = ReadName(ref reader, version, keys.NameLength, keys.NameSeed, keys.Utf16Names);
        var path = ReadName(ref reader, version, keys.PathLength, keys.PathSeed, keys.Utf16Names);
        if (name == NoExecute)
        {
            // A flag entry: a byte, then a block of the stored size and 24 bytes of times and checksums, all unused.
            reader.Skip(1);
            var blockLength = (long)(reader.ReadUInt32() ^ keys.Size) + 0x18;
            reader.Skip(blockLength);
            return null;
        }

        var compressed = reader.ReadByte() == 1;
        var stored = (long)(reader.ReadUInt32() ^ keys.Size);
        reader.Skip(4); // the decompressed size, which the compressed block repeats
        var checksum = reader.ReadUInt32() ^ keys.Checksum;
        reader.Skip(16); // creation and last-write times
        if (!reader.CanRead(stored))
        {
            throw new InvalidDataException($"{name} declares {stored} bytes, more than are left");
        }

        var seed = version == AutoItVersion.Ea05 ? checksumSeed + keys.DataSeed : keys.DataSeed;
        var data = AutoItKeyStream.Decrypt(version, reader.ReadBytes(stored), seed);
        if (Adler32.Compute(data) != checksum)
        {
            return new AutoItEntry(name, path, null, "its checksum does not match (a password-protected script, or damage)");
        }

        if (!compressed)
        {
            return new AutoItEntry(name, path, data, null);
        }

        var content = AutoItDecompressor.Decompress(data, version, maxContentLength, out var complete);
        return content is null
            ? new AutoItEntry(name, path, null, "its compressed data has no EA05/EA06 marker")
            : new AutoItEntry(name, path, content, complete ? null : $"decompressed only {content.Length} bytes (damaged, or over the in-memory limit)");
    }

    private static string ReadName(ref SpanReader reader, AutoItVersion version, uint lengthMask, uint seed, bool utf16)
    {
        var length = reader.ReadUInt32() ^ lengthMask;
        if (length > MaxNameChars)
        {
            throw new InvalidDataException($"a name of {length} characters");
        }

        var bytes = AutoItKeyStream.Decrypt(version, reader.ReadBytes(utf16 ? length * 2 : length), seed + length);
        return utf16 ? Encoding.Unicode.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }
}
