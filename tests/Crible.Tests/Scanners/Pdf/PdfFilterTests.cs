using System.Text;
using Crible.Scanners.Pdf;

namespace Crible.Tests.Scanners.Pdf;

public sealed class PdfFilterTests
{
    [Fact]
    public void LZW_decodes_the_example_of_the_PDF_specification()
    {
        byte[] encoded = [0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01];

        var (data, problem) = LzwDecoder.Decode(encoded, earlyChange: 1, maxOutput: 1000);

        Assert.Null(problem);
        Assert.Equal<byte>([0x2D, 0x2D, 0x2D, 0x2D, 0x2D, 0x41, 0x2D, 0x2D, 0x2D, 0x42], data);
    }

    [Fact]
    public void ASCII85_decodes_full_and_partial_groups_and_z()
    {
        var (data, problem) = AsciiDecoders.Base85(Encoding.ASCII.GetBytes("9jqo^z/c~>"));

        Assert.Null(problem);
        Assert.Equal<byte>([.. "Man "u8, 0, 0, 0, 0, .. "."u8], data);
    }

    [Fact]
    public void A_chain_with_run_length_and_hex_decodes_in_order()
    {
        // Run-length: 3 literal bytes "abc", then 'x' repeated 5 times (257 - 252), then end of data.
        byte[] runLength = [2, (byte)'a', (byte)'b', (byte)'c', 252, (byte)'x', 128];
        var dictionary = new PdfDictionary(new Dictionary<string, PdfValue>
        {
            ["Filter"] = new PdfArray([new PdfName("AHx"), new PdfName("RunLengthDecode")]),
        });

        var decoded = PdfFilters.Decode(TestPdf.Hex(runLength), dictionary, maxOutput: 1000);

        Assert.Null(decoded.Problem);
        Assert.Equal("abcxxxxx", Encoding.ASCII.GetString(decoded.Data));
    }

    [Fact]
    public void A_PNG_predictor_after_Flate_is_undone()
    {
        // Two rows of three bytes, "Up" filter on the second: it adds the row above.
        byte[] predicted = [0, 1, 2, 3, 2, 1, 1, 1];
        var dictionary = new PdfDictionary(new Dictionary<string, PdfValue>
        {
            ["Filter"] = new PdfName("FlateDecode"),
            ["DecodeParms"] = new PdfDictionary(new Dictionary<string, PdfValue> { ["Predictor"] = new PdfNumber(12), ["Columns"] = new PdfNumber(3) }),
        });

        var decoded = PdfFilters.Decode(TestPdf.Deflate(predicted), dictionary, maxOutput: 1000);

        Assert.Equal<byte>([1, 2, 3, 2, 3, 4], decoded.Data);
    }

    [Fact]
    public void Decoding_stops_at_the_output_bound()
    {
        var dictionary = new PdfDictionary(new Dictionary<string, PdfValue> { ["Filter"] = new PdfName("FlateDecode") });

        var decoded = PdfFilters.Decode(TestPdf.Deflate(new byte[1 << 20]), dictionary, maxOutput: 4096);

        Assert.Equal(4096, decoded.Data.Length);
        Assert.NotNull(decoded.Problem);
    }
}
