using System.Buffers.Binary;

namespace Crible.Tests.Identification;

/// <summary>When content fits more than one format, the specific one wins, and weak magic numbers need their
/// header to agree before they claim a file.</summary>
public sealed class MagicPrecedenceTests
{
    private static readonly string[] WeakMagicKinds = ["bmp", "dos", "tiff", "cpio"];

    [Fact]
    public void A_pdf_beats_the_html_it_contains()
    {
        var pdf = "%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n";

        Assert.Equal("pdf", Identify.Text(pdf, "page.html"));
    }

    [Fact]
    public void A_pdf_header_after_junk_in_the_first_kilobyte_is_a_pdf()
    {
        var junk = new byte[700];
        new Random(1).NextBytes(junk);

        Assert.Equal("pdf", Identify.Bytes(SampleFiles.Concat(junk, SampleFiles.Ascii("%PDF-1.4\n1 0 obj\nendobj\n%%EOF\n"))));
    }

    [Fact]
    public void A_text_quoting_the_pdf_magic_is_not_a_pdf()
    {
        var rule = "rule pdf_dropper\n{\n  strings:\n    $magic = \"%PDF-1.\"\n  condition:\n    $magic at 0\n}\n";

        Assert.Equal("text", Identify.Text(rule, "pdf.yar"));
    }

    [Fact]
    public void A_tar_holding_a_pdf_is_a_tar()
    {
        var tar = SampleFiles.V7Tar("report.pdf", "%PDF-1.4\n%%EOF\n");

        Assert.Equal("tar", Identify.Bytes(tar));
    }

    [Fact]
    public void A_fat_mach_o_and_a_java_class_share_a_magic_but_not_a_kind()
    {
        // Two architectures, the first x86_64 (CPU_TYPE_X86 | CPU_ARCH_ABI64).
        var fat = SampleFiles.At(4096, 0, 0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 2, 0x01, 0, 0, 7, 0, 0, 0, 3, 0, 0, 0x10, 0);

        // Java 8 (major 52) with a constant pool of 20 entries.
        var javaClass = SampleFiles.At(64, 0, 0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 52, 0, 20);

        Assert.Equal("macho", Identify.Bytes(fat));
        Assert.Equal("java-class", Identify.Bytes(javaClass));
    }

    [Fact]
    public void An_mz_header_without_a_pe_signature_is_dos()
    {
        var dos = SampleFiles.At(512, 0, (byte)'M', (byte)'Z', 0x50, 0x00, 0x02, 0x00, 0x00, 0x00, 0x04, 0x00);

        Assert.Equal("dos", Identify.Bytes(dos));
    }

    [Theory]
    [InlineData("BM is the name of our project; it starts here.\n")]
    [InlineData("MZ Corp quarterly report\n")]
    [InlineData("II* marks the footnote\n")]
    [InlineData("MM\0* not a tiff")]
    [InlineData("070707 is not a header when letters follow: abcdefgh\n")]
    public void Text_that_starts_like_a_weak_magic_is_not_that_format(string text) =>
        Assert.DoesNotContain(Identify.Text(text), WeakMagicKinds);

    [Fact]
    public void A_bmp_is_recognised_by_its_consistent_headers()
    {
        var bmp = SampleFiles.At(70, 0, (byte)'B', (byte)'M', 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 24, 0);

        Assert.Equal("bmp", Identify.Bytes(bmp));
    }

    [Fact]
    public void A_tiff_is_recognised_by_a_directory_inside_the_file()
    {
        var tiff = SampleFiles.At(64, 0, (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0);

        Assert.Equal("tiff", Identify.Bytes(tiff));
    }

    [Fact]
    public void An_lzma_alone_header_is_recognised_by_its_plausible_fields()
    {
        // lc=3 lp=0 pb=2, 8 MiB dictionary, unknown size, then the range coder's leading zero.
        byte[] lzma = [0x5D, 0x00, 0x00, 0x80, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x12, 0x34];

        Assert.Equal("lzma", Identify.Bytes(lzma));
        Assert.Equal("binary", Identify.Bytes([0x5D, 0x00, 0x00, 0x81, 0x00, .. lzma[5..]]));
    }

    [Fact]
    public void Disc_images_are_recognised_past_their_system_area()
    {
        var iso = SampleFiles.At(40 * 1024, 0x8001, SampleFiles.Ascii("CD001"));
        var udf = SampleFiles.At(40 * 1024, 0x8001, SampleFiles.Ascii("BEA01"));
        SampleFiles.Ascii("NSR03").CopyTo(udf, 0x8801);

        Assert.Equal("iso", Identify.Bytes(iso));
        Assert.Equal("iso", Identify.Bytes(udf));
    }

    [Fact]
    public void A_disk_image_is_recognised_by_its_trailer_whatever_it_starts_with()
    {
        var dmg = SampleFiles.Concat(SampleFiles.Ascii("BZh91AY&SY"), new byte[2000], SampleFiles.Ascii("koly"), new byte[508]);
        BinaryPrimitives.WriteUInt32BigEndian(dmg.AsSpan(dmg.Length - 508), 4);
        BinaryPrimitives.WriteUInt32BigEndian(dmg.AsSpan(dmg.Length - 504), 512);

        Assert.Equal("dmg", Identify.Bytes(dmg));
    }

    [Fact]
    public void An_old_tar_without_magic_is_recognised_by_its_checksum()
    {
        var tar = SampleFiles.V7Tar("notes.txt", "hello");

        Assert.Equal("tar", Identify.Bytes(tar));
        tar[0] ^= 1;
        Assert.NotEqual("tar", Identify.Bytes(tar));
    }
}
