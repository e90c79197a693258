using System.Text;

namespace Crible.Tests.Scanners.Executables;

/// <summary>Builds minimal Windows shortcuts (MS-SHLLINK): header, LinkInfo with a local base path, and Unicode
/// arguments and icon strings.</summary>
internal static class TestShortcut
{
    public static byte[] Create(string target, string arguments, string? icon = null)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        var flags = 0x2u | 0x20u | 0x80u | (icon is null ? 0 : 0x40u);
        writer.Write(0x4C);
        writer.Write(new byte[] { 0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46 });
        writer.Write(flags);
        writer.Write(new byte[0x4C - 0x18]);

        var path = Encoding.Latin1.GetBytes(target + "\0");
        const int header = 0x1C;
        const int volume = 0x11;
        var size = header + volume + path.Length + 1;
        writer.Write(size);
        writer.Write(header);
        writer.Write(1);
        writer.Write(header);
        writer.Write(header + volume);
        writer.Write(0);
        writer.Write(header + volume + path.Length);
        writer.Write(volume);
        writer.Write(3);
        writer.Write(0x1234);
        writer.Write(0x10);
        writer.Write((byte)0);
        writer.Write(path);
        writer.Write((byte)0);

        WriteString(writer, arguments);
        if (icon is not null)
        {
            WriteString(writer, icon);
        }

        writer.Write(0);
        return stream.ToArray();
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        writer.Write((ushort)value.Length);
        writer.Write(Encoding.Unicode.GetBytes(value));
    }
}
