using System.Buffers.Binary;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office;

/// <summary>
/// Tells whether an OLE2 Office file is encrypted, and how: an encrypted OOXML package (EncryptionInfo +
/// EncryptedPackage), a Word document with fEncrypted in its FIB, an Excel workbook with a FILEPASS record, a
/// PowerPoint presentation with an encrypted current-user atom or a current edit naming an encryption session. Knowing is enough to never call the file clean;
/// <see cref="Encryption.EncryptedDocumentEmitter"/> then decrypts what it can.
/// </summary>
public static class OfficeEncryption
{
    private const int MaxWorkbookRecords = 4096;

    /// <summary>A sentence saying how the file is encrypted, or null when it is not (as far as can be seen).</summary>
    public static string? Describe(CompoundFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Find("EncryptionInfo") is { IsStream: true } info && file.Find("EncryptedPackage") is { IsStream: true })
        {
            var header = Head(file, info, 4);
            return $"OOXML package protected by {OoxmlScheme(header)} encryption";
        }

        if (file.Find("WordDocument") is { IsStream: true } word)
        {
            return DescribeWord(file, word);
        }

        if ((file.Find("Workbook") ?? file.Find("Book")) is { IsStream: true } workbook)
        {
            return DescribeWorkbook(Head(file, workbook, 64 * 1024));
        }

        if (file.Find("EncryptedSummary") is { IsStream: true })
        {
            return "PowerPoint presentation protected by RC4 CryptoAPI encryption";
        }

        if (file.Find("Current User") is { IsStream: true } user && Head(file, user, 20) is { Length: 20 } atom
            && (BinaryPrimitives.ReadUInt32LittleEndian(atom.AsSpan(12)) == 0xF3D1C4DF || NamesEncryptSession(file, BinaryPrimitives.ReadUInt32LittleEndian(atom.AsSpan(16)))))
        {
            return "PowerPoint presentation protected by encryption";
        }

        return null;
    }

    /// <summary>The current UserEditAtom names a CryptSession10Container (encryptSessionPersistIdRef), as it does
    /// in an encrypted presentation whatever its Current User token says.</summary>
    private static bool NamesEncryptSession(CompoundFile file, uint currentEdit)
    {
        if (file.Find("PowerPoint Document") is not { IsStream: true } document)
        {
            return false;
        }

        using var stream = file.OpenStream(document);
        Span<byte> edit = stackalloc byte[40];
        if (currentEdit > stream.Length - edit.Length)
        {
            return false;
        }

        stream.Position = currentEdit;
        return stream.ReadAtLeast(edit, edit.Length, throwOnEndOfStream: false) == edit.Length
            && BinaryPrimitives.ReadUInt16LittleEndian(edit[2..]) == 0x0FF5
            && BinaryPrimitives.ReadUInt32LittleEndian(edit[4..]) >= 0x20
            && BinaryPrimitives.ReadUInt32LittleEndian(edit[36..]) != 0;
    }

    private static string? DescribeWord(CompoundFile file, CompoundFileDirectoryEntry word)
    {
        var fib = Head(file, word, 12);
        if (fib.Length < 12 || BinaryPrimitives.ReadUInt16LittleEndian(fib) != 0xA5EC)
        {
            return null;
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(fib.AsSpan(10));
        if ((flags & 0x0100) == 0)
        {
            return null;
        }

        if ((flags & 0x8000) != 0)
        {
            return "Word document protected by XOR obfuscation";
        }

        var table = file.Find((flags & 0x0200) != 0 ? "1Table" : "0Table");
        var version = table is { IsStream: true } ? Head(file, table, 4) : [];
        return $"Word document protected by {Rc4Scheme(version)} encryption";
    }

    private static string? DescribeWorkbook(byte[] stream)
    {
        var offset = 0;
        for (var count = 0; count < MaxWorkbookRecords && offset + 4 <= stream.Length; count++)
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(offset));
            var length = BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(offset + 2));
            if (type == 0x002F)
            {
                var body = stream.AsSpan(offset + 4, Math.Min(length, stream.Length - offset - 4));
                return body.Length >= 2 && BinaryPrimitives.ReadUInt16LittleEndian(body) == 0
                    ? "Excel workbook protected by XOR obfuscation"
                    : $"Excel workbook protected by {Rc4Scheme(body.Length >= 6 ? body.Slice(2, 4).ToArray() : [])} encryption";
            }

            if (type == 0x000A && count > 0)
            {
                return null;
            }

            offset += 4 + length;
        }

        return null;
    }

    /// <summary>RC4 (version 1.1) or RC4 CryptoAPI (versions 2, 3 or 4 with minor 2), from an EncryptionVersionInfo.</summary>
    private static string Rc4Scheme(byte[] version)
    {
        if (version.Length < 4)
        {
            return "RC4";
        }

        var major = BinaryPrimitives.ReadUInt16LittleEndian(version);
        var minor = BinaryPrimitives.ReadUInt16LittleEndian(version.AsSpan(2));
        return major is >= 2 and <= 4 && minor == 2 ? "RC4 CryptoAPI" : "RC4";
    }

    private static string OoxmlScheme(byte[] version)
    {
        if (version.Length < 4)
        {
            return "an unknown";
        }

        var major = BinaryPrimitives.ReadUInt16LittleEndian(version);
        var minor = BinaryPrimitives.ReadUInt16LittleEndian(version.AsSpan(2));
        return (major, minor) switch
        {
            (4, 4) => "Agile (AES)",
            (3 or 4, 2) => "Standard (AES)",
            (3 or 4, 3) => "Extensible",
            _ => "an unknown",
        };
    }

    private static byte[] Head(CompoundFile file, CompoundFileDirectoryEntry entry, int count) => file.ReadStream(entry, count, out _);
}
