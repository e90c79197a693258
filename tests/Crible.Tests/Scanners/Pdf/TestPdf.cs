using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Crible.Tests.Scanners.Pdf;

/// <summary>Builds small PDF files for tests, object by object, with a correct cross-reference table.</summary>
public sealed class TestPdf
{
    private readonly List<(int Number, byte[] Body)> _objects = [];

    /// <summary>Adds "N 0 obj … endobj" with a dictionary or other value written as PDF text.</summary>
    public TestPdf Indirect(int number, string value)
    {
        _objects.Add((number, Encoding.Latin1.GetBytes(value)));
        return this;
    }

    /// <summary>Adds a stream object; <paramref name="dictionary"/> is the dictionary's inside, /Length is added.</summary>
    public TestPdf Stream(int number, string dictionary, byte[] data)
    {
        var head = Encoding.Latin1.GetBytes($"<< {dictionary} /Length {data.Length} >>\nstream\n");
        _objects.Add((number, [.. head, .. data, .. "\nendstream"u8]));
        return this;
    }

    public byte[] Build(string trailerExtra = "")
    {
        using var output = new MemoryStream();
        Write(output, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new SortedDictionary<int, long>();
        foreach (var (number, body) in _objects)
        {
            offsets[number] = output.Position;
            Write(output, $"{number} 0 obj\n");
            output.Write(body);
            Write(output, "\nendobj\n");
        }

        var xref = output.Position;
        var size = offsets.Count == 0 ? 1 : offsets.Keys.Max() + 1;
        Write(output, $"xref\n0 {size}\n0000000000 65535 f \n");
        for (var number = 1; number < size; number++)
        {
            Write(output, offsets.TryGetValue(number, out var offset) ? $"{offset:D10} 00000 n \n" : "0000000000 65535 f \n");
        }

        Write(output, $"trailer\n<< /Size {size} /Root 1 0 R {trailerExtra} >>\nstartxref\n{xref.ToString(CultureInfo.InvariantCulture)}\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>The catalog, an empty page tree and one blank page, numbered 1 to 3.</summary>
    public static TestPdf WithPage(string catalogExtra = "") => new TestPdf()
        .Indirect(1, $"<< /Type /Catalog /Pages 2 0 R {catalogExtra} >>")
        .Indirect(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        .Indirect(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Hex(byte[] data) => Encoding.ASCII.GetBytes(Convert.ToHexString(data) + ">");

    private static void Write(Stream output, string text) => output.Write(Encoding.Latin1.GetBytes(text));
}
