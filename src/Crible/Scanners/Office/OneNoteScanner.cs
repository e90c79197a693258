using System.Buffers.Binary;
using System.Globalization;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Office;

/// <summary>
/// Files embedded in OneNote sections: each is a FileDataStoreObject (MS-ONESTORE 2.6.13), a header GUID, a 64-bit
/// length, 12 unused bytes, the data and a footer GUID. The section is searched for the header GUID (the blocks are
/// reachable from the file's structures, but a plain search also finds those a damaged or hand-made file hides) and
/// each block's data is emitted as <c>onenote-file-N</c> with an extension guessed from its first bytes.
/// </summary>
public sealed class OneNoteScanner : IScanner
{
    public const int MaxFiles = 10_000;
    private const int BlockHeaderLength = 36;

    private static readonly byte[] HeaderGuid = new Guid("BDE316E7-2665-4511-A4C4-8D4D0B7A9EAC").ToByteArray();
    private static readonly byte[] FooterGuid = new Guid("71FBA722-0F79-4A0B-BB13-899256426B24").ToByteArray();

    public string Name => "onenote";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.OneNote;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var section = await ScanItemBytes.ReadAsync(item, context, cancellation).ConfigureAwait(false);
        var position = 0;
        for (var count = 0; count < MaxFiles; count++)
        {
            cancellation.ThrowIfCancellationRequested();
            var found = section.AsSpan(position).IndexOf(HeaderGuid);
            if (found < 0)
            {
                return;
            }

            var block = position + found;
            var dataStart = block + BlockHeaderLength;
            if (dataStart > section.Length)
            {
                context.Incomplete($"onenote: the embedded file block at offset {block} is cut short");
                return;
            }

            var declared = BinaryPrimitives.ReadUInt64LittleEndian(section.AsSpan(block + 16));
            var length = (int)Math.Min(declared, (ulong)(section.Length - dataStart));
            if ((ulong)length < declared)
            {
                context.Incomplete($"onenote: the embedded file at offset {block} declares {declared} bytes, {length} are there");
            }

            var data = section.AsMemory(dataStart, length);
            var name = string.Create(CultureInfo.InvariantCulture, $"onenote-file-{count + 1}{ExtensionOf(data.Span)}");
            if (await context.EmitAsync(data, name, Relation.Embedded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }

            position = Math.Max(dataStart + length, block + 1);
            if (position >= section.Length)
            {
                return;
            }
        }

        context.Incomplete($"onenote: more than {MaxFiles} embedded files; the rest were not extracted");
    }

    /// <summary>A hint for whoever downloads the file; the analyser identifies it from its content anyway.</summary>
    private static string ExtensionOf(ReadOnlySpan<byte> data) => data switch
    {
        [(byte)'M', (byte)'Z', ..] => ".exe",
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', ..] => ".pdf",
        [(byte)'P', (byte)'K', 3, 4, ..] => ".zip",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => ".png",
        [0xFF, 0xD8, 0xFF, ..] => ".jpg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => ".gif",
        [0xD0, 0xCF, 0x11, 0xE0, ..] => ".ole",
        [(byte)'{', (byte)'\\', (byte)'r', (byte)'t', ..] => ".rtf",
        [(byte)'L', 0, 0, 0, 0x01, 0x14, 0x02, 0x00, ..] => ".lnk",
        _ => ".bin",
    };
}
