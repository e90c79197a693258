using System.Buffers.Binary;
using Crible.Identification;
using Crible.Model;

namespace Crible.Tests.Identification;

/// <summary>Detectors read hostile bytes: garbage, cut-off headers and absurd sizes must give a kind, never an
/// exception, and must not be mistaken for a format.</summary>
public sealed class RobustnessTests
{
    /// <summary>Real headers of every format the corpora hold, plus a few that only exist as magic numbers.</summary>
    public static TheoryData<string> Headers()
    {
        var rows = new TheoryData<string>();
        foreach (var name in CorpusExpectations.Strelka.Keys.Order(StringComparer.Ordinal))
        {
            rows.Add(Path.Combine("strelka-fixtures", name));
        }

        foreach (var name in new[] { "clam.arj", "clam.chm", "clam.bin-be.cpio", "clam.bin-le.cpio", "clam.odc.cpio", "clam.newc.cpio", "clam.exe.rtf" })
        {
            rows.Add(Path.Combine(CorpusExpectations.ClamAvFolder, name));
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Headers))]
    public void Every_prefix_of_a_real_header_gives_a_kind_without_throwing(string file)
    {
        var path = Path.IsPathRooted(file) ? file : TestPaths.Corpus(file);
        if (!File.Exists(path))
        {
            return;
        }

        var bytes = File.ReadAllBytes(path);
        for (var length = 0; length <= Math.Min(64, bytes.Length); length++)
        {
            Assert.NotNull(Identify.Bytes(bytes[..length]));
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 })]
    [InlineData(new byte[] { 0xCA, 0xFE, 0xBA, 0xBE })]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00 })]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD })]
    [InlineData(new byte[] { 0x04, 0x22, 0x4D, 0x18 })]
    [InlineData(new byte[] { 0x50, 0x2A, 0x4D, 0x18, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x5D, 0x00, 0x00, 0x80, 0x00 })]
    [InlineData(new byte[] { 0x60, 0xEA, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x00, 0x00, 0x01, 0x00, 0xFF, 0x00 })]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x49, 0x49, 0x2B, 0x00, 0x08, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x42, 0x4D })]
    [InlineData(new byte[] { 0xC7, 0x71 })]
    [InlineData(new byte[] { 0x78, 0x61, 0x72, 0x21 })]
    [InlineData(new byte[] { 0x23, 0x21 })]
    public void Every_prefix_of_a_magic_number_padded_with_garbage_gives_a_kind(byte[] magic)
    {
        var random = new Random(magic.Length);
        for (var length = 0; length <= 64; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            magic.AsSpan(0, Math.Min(magic.Length, length)).CopyTo(bytes);
            Assert.NotNull(Identify.Bytes(bytes));
        }
    }

    [Fact]
    public void Random_bytes_are_unidentified_binary()
    {
        var random = new Random(20240601);
        var kinds = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var bytes = new byte[random.Next(1, 9000)];
            random.NextBytes(bytes);
            kinds.Add(Identify.Bytes(bytes));
        }

        Assert.All(kinds, kind => Assert.Equal("binary", kind));
    }

    [Fact]
    public void An_empty_file_is_empty() => Assert.Equal("empty", Identify.Bytes([]));

    [Fact]
    public void Huge_declared_sizes_and_offsets_are_not_followed()
    {
        // PE: e_lfanew far past the end, with otherwise sane DOS fields.
        var pe = SampleFiles.At(128, 0, (byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00);
        BinaryPrimitives.WriteUInt32LittleEndian(pe.AsSpan(0x3C), uint.MaxValue);
        Assert.Equal("dos", Identify.Bytes(pe));

        // TIFF: first directory at 4 GiB.
        Assert.Equal("binary", Identify.Bytes(SampleFiles.At(64, 0, 0x49, 0x49, 0x2A, 0x00, 0xFF, 0xFF, 0xFF, 0xFF)));

        // Icon: one image claiming 4 GiB of data.
        var icon = SampleFiles.At(64, 0, 0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0xFF, 0xFF, 0xFF, 0xFF, 22, 0, 0, 0);
        Assert.Equal("binary", Identify.Bytes(icon));

        // ARJ: a basic header of 65,535 bytes in a 64-byte file.
        Assert.Equal("binary", Identify.Bytes(SampleFiles.At(64, 0, 0x60, 0xEA, 0xFF, 0xFF, 30, 11, 1, 2, 0, 0, 2)));

        // Fat Mach-O announcing 4 billion architectures (and not a Java class either).
        Assert.Equal("binary", Identify.Bytes(SampleFiles.At(64, 0, 0xCA, 0xFE, 0xBA, 0xBE, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 7)));
    }

    [Fact]
    public void A_zip_end_record_with_absurd_directory_size_and_offset_does_not_throw()
    {
        var endRecord = SampleFiles.At(22, 0, 0x50, 0x4B, 0x05, 0x06);
        BinaryPrimitives.WriteUInt16LittleEndian(endRecord.AsSpan(10), 0xFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(endRecord.AsSpan(12), uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(endRecord.AsSpan(16), uint.MaxValue);
        var zip64Locator = SampleFiles.At(20, 0, 0x50, 0x4B, 0x06, 0x07);
        BinaryPrimitives.WriteUInt64LittleEndian(zip64Locator.AsSpan(8), ulong.MaxValue);

        var junk = new byte[300];
        new Random(7).NextBytes(junk);
        Assert.Equal("binary", Identify.Bytes(SampleFiles.Concat(junk, zip64Locator, endRecord)));
        Assert.Equal("zip", Identify.Bytes(SampleFiles.Concat(SampleFiles.Ascii("PK\x03\x04"), junk, zip64Locator, endRecord)));
    }

    [Fact]
    public void A_docx_with_a_corrupt_central_directory_is_still_a_docx_from_its_local_headers()
    {
        var docx = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.docx"));
        var endRecord = docx.AsSpan().LastIndexOf("PK\x05\x06"u8);
        var directoryOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(docx.AsSpan(endRecord + 16));
        new Random(3).NextBytes(docx.AsSpan(directoryOffset, endRecord - directoryOffset));

        Assert.Equal("docx", Identify.Bytes(docx));
    }

    [Fact]
    public void A_truncated_zip_without_its_central_directory_is_still_refined()
    {
        var jar = SampleFiles.Zip(("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"), ("a/B.class", "\xCA\xFE"));

        Assert.Equal("jar", Identify.Bytes(jar[..(jar.Length / 2)]));
    }

    [Fact]
    public void Any_slice_of_a_real_zip_gives_a_kind_without_throwing()
    {
        var zip = File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.docx"));
        var random = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            var start = random.Next(zip.Length);
            var length = random.Next(zip.Length - start);
            Assert.NotNull(Identify.Bytes(zip.AsSpan(start, length).ToArray()));
        }
    }

    [Fact]
    public void A_detector_that_fails_does_not_stop_identification()
    {
        var identifier = new FileIdentifier([new ThrowingDetector(), .. FileIdentifier.CreateDefault().Detectors]);

        Assert.Equal("pe", identifier.Identify(SampleData.FromBytes(File.ReadAllBytes(TestPaths.Corpus("strelka-fixtures", "test.exe"))), "x").Name);
    }

    private sealed class ThrowingDetector : IFileKindDetector
    {
        public int Priority => 0;

        public FileKind? Detect(FileProbe probe) => throw new OverflowException("a parser bug");
    }
}
