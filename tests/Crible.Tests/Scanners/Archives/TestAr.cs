using System.Text;

namespace Crible.Tests.Scanners.Archives;

/// <summary>Builds Unix ar archives for tests, with GNU or BSD long names.</summary>
public static class TestAr
{
    public static byte[] Gnu(params (string Name, byte[] Content)[] members)
    {
        using var archive = new MemoryStream();
        archive.Write("!<arch>\n"u8);
        var table = new StringBuilder();
        var offsets = new List<int>();
        foreach (var (name, _) in members)
        {
            offsets.Add(table.Length);
            table.Append(name).Append("/\n");
        }

        WriteMember(archive, "//", Encoding.ASCII.GetBytes(table.ToString()));
        for (var i = 0; i < members.Length; i++)
        {
            WriteMember(archive, $"/{offsets[i]}", members[i].Content);
        }

        return archive.ToArray();
    }

    public static byte[] Bsd(params (string Name, byte[] Content)[] members)
    {
        using var archive = new MemoryStream();
        archive.Write("!<arch>\n"u8);
        foreach (var (name, content) in members)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            WriteMember(archive, $"#1/{nameBytes.Length}", [.. nameBytes, .. content]);
        }

        return archive.ToArray();
    }

    private static void WriteMember(Stream archive, string name, byte[] content)
    {
        var header = $"{name,-16}{"0",-12}{"0",-6}{"0",-6}{"100644",-8}{content.Length,-10}`\n";
        archive.Write(Encoding.ASCII.GetBytes(header));
        archive.Write(content);
        if (content.Length % 2 == 1)
        {
            archive.WriteByte((byte)'\n');
        }
    }
}
