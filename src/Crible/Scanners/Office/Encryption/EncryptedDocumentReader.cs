using System.Buffers.Binary;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office.Encryption;

/// <summary>
/// Finds the encryption of an OLE2 Office file and reads what a password check needs: an encrypted OOXML package
/// (Agile or Standard), a Word or Excel 97-2003 document under RC4 or RC4 CryptoAPI, or a PowerPoint 97-2003
/// presentation under RC4 CryptoAPI. A scheme Crible does not decrypt, or damaged encryption data, is a
/// <see cref="FormatException"/> whose message says which.
/// </summary>
internal static class EncryptedDocumentReader
{
    private const int MaxEncryptionInfoBytes = 64 * 1024;

    /// <summary>The document to try passwords on. <paramref name="maxBytes"/> bounds every stream read.</summary>
    public static IEncryptedDocument Open(CompoundFile file, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            if (file.Find("EncryptionInfo") is { IsStream: true } info && file.Find("EncryptedPackage") is { IsStream: true } package)
            {
                return OpenPackage(file, info, package, maxBytes);
            }

            if (file.Find("WordDocument") is { IsStream: true })
            {
                return WordEncryptedDocument.Open(file, maxBytes);
            }

            if (file.Find(PowerPointEncryptedDocument.DocumentStream) is { IsStream: true })
            {
                return PowerPointEncryptedDocument.Open(file, maxBytes);
            }

            if (file.Find(ExcelEncryptedDocument.WorkbookStream) is { IsStream: true })
            {
                return ExcelEncryptedDocument.Open(file, maxBytes);
            }
        }
        catch (InvalidDataException exception)
        {
            throw new FormatException($"the encryption data is damaged ({exception.Message})", exception);
        }

        throw new FormatException("only OOXML packages, Word documents, Excel 97-2003 workbooks and PowerPoint presentations are decrypted");
    }

    private static IEncryptedDocument OpenPackage(CompoundFile file, CompoundFileDirectoryEntry infoEntry, CompoundFileDirectoryEntry packageEntry, int maxBytes)
    {
        var info = file.ReadStream(infoEntry, MaxEncryptionInfoBytes, out var infoComplete);
        if (!infoComplete || info.Length < 8)
        {
            throw new FormatException($"the EncryptionInfo stream is damaged ({info.Length} of {infoEntry.Size} bytes readable)");
        }

        var major = BinaryPrimitives.ReadUInt16LittleEndian(info);
        var minor = BinaryPrimitives.ReadUInt16LittleEndian(info.AsSpan(2));
        if ((major, minor) == (4, 4))
        {
            var descriptor = AgileEncryptionDescriptor.Parse(info.AsSpan(8));
            return new AgileEncryptedPackage(descriptor, ReadPackage(file, packageEntry, maxBytes));
        }

        if (major is 3 or 4 && minor == 2)
        {
            var header = StandardEncryptedPackage.ReadHeader(info);
            return new StandardEncryptedPackage(header, ReadPackage(file, packageEntry, maxBytes));
        }

        throw new FormatException($"EncryptionInfo version {major}.{minor} ({(minor == 3 ? "Extensible encryption" : "unknown")}) is not supported");
    }

    /// <summary>The encrypted stream as stored; a short read is left to the package decryption to report.</summary>
    private static byte[] ReadPackage(CompoundFile file, CompoundFileDirectoryEntry entry, int maxBytes) => file.ReadStream(entry, maxBytes, out _);
}
