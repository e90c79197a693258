using System.Buffers.Binary;
using System.Text;

namespace Crible.Scanners.Emulation;

/// <summary>
/// The inert Windows executable the emulated network answers with, built here byte by byte: a valid PE32 header
/// and one section whose only instruction at the entry point is <c>ret</c>, followed by a marker text. It is large
/// enough (384 KiB, a common payload size) to pass the size checks droppers make before they write and run what they downloaded.
/// </summary>
internal static class StandInExecutable
{
    public const string Marker = "Crible emulation stand-in: an inert placeholder, not a program.";
    private const int FileAlignment = 0x200;
    private const int SectionRva = 0x1000;
    private const int Size = 384 * 1024;
    private const int PeOffset = 0x80;

    public static byte[] Build()
    {
        var image = new byte[Size];
        var span = image.AsSpan();
        span[0] = (byte)'M';
        span[1] = (byte)'Z';
        BinaryPrimitives.WriteInt32LittleEndian(span[0x3C..], PeOffset);
        Encoding.ASCII.GetBytes("This program cannot be run in DOS mode.").CopyTo(span[0x40..]);

        var pe = span[PeOffset..];
        Encoding.ASCII.GetBytes("PE\0\0").CopyTo(pe);
        var coff = pe[4..];
        BinaryPrimitives.WriteUInt16LittleEndian(coff, 0x14C); // i386
        BinaryPrimitives.WriteUInt16LittleEndian(coff[2..], 1); // one section
        BinaryPrimitives.WriteUInt16LittleEndian(coff[16..], 0xE0); // optional header size
        BinaryPrimitives.WriteUInt16LittleEndian(coff[18..], 0x0102); // executable, 32-bit

        var optional = coff[20..];
        var rawSize = Size - FileAlignment;
        BinaryPrimitives.WriteUInt16LittleEndian(optional, 0x10B);
        BinaryPrimitives.WriteInt32LittleEndian(optional[4..], rawSize); // size of code
        BinaryPrimitives.WriteInt32LittleEndian(optional[16..], SectionRva); // entry point
        BinaryPrimitives.WriteInt32LittleEndian(optional[20..], SectionRva); // base of code
        BinaryPrimitives.WriteInt32LittleEndian(optional[28..], 0x400000); // image base
        BinaryPrimitives.WriteInt32LittleEndian(optional[32..], 0x1000); // section alignment
        BinaryPrimitives.WriteInt32LittleEndian(optional[36..], FileAlignment);
        BinaryPrimitives.WriteUInt16LittleEndian(optional[40..], 4); // OS version 4.0
        BinaryPrimitives.WriteUInt16LittleEndian(optional[48..], 4); // subsystem version 4.0
        BinaryPrimitives.WriteInt32LittleEndian(optional[56..], SectionRva + AlignUp(rawSize, 0x1000)); // size of image
        BinaryPrimitives.WriteInt32LittleEndian(optional[60..], FileAlignment); // size of headers
        BinaryPrimitives.WriteUInt16LittleEndian(optional[68..], 2); // Windows GUI
        BinaryPrimitives.WriteInt32LittleEndian(optional[72..], 0x100000);
        BinaryPrimitives.WriteInt32LittleEndian(optional[76..], 0x1000);
        BinaryPrimitives.WriteInt32LittleEndian(optional[80..], 0x100000);
        BinaryPrimitives.WriteInt32LittleEndian(optional[84..], 0x1000);
        BinaryPrimitives.WriteInt32LittleEndian(optional[92..], 16); // data directories

        var section = optional[0xE0..];
        Encoding.ASCII.GetBytes(".text").CopyTo(section);
        BinaryPrimitives.WriteInt32LittleEndian(section[8..], rawSize);
        BinaryPrimitives.WriteInt32LittleEndian(section[12..], SectionRva);
        BinaryPrimitives.WriteInt32LittleEndian(section[16..], rawSize);
        BinaryPrimitives.WriteInt32LittleEndian(section[20..], FileAlignment);
        BinaryPrimitives.WriteUInt32LittleEndian(section[36..], 0x60000020); // code, execute, read

        span[FileAlignment] = 0xC3; // ret
        Encoding.ASCII.GetBytes(Marker).CopyTo(span[(FileAlignment + 16)..]);
        return image;
    }

    private static int AlignUp(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
