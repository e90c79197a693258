using System.Buffers.Binary;
using System.Diagnostics;
using Crible.Scanners.Office.Ole;

namespace Crible.Tests.Scanners.Office.Ole;

public sealed class CompoundFileTests
{
    [Fact]
    public void A_built_file_reads_back_its_streams_and_storages()
    {
        var small = OfficeTestFiles.Pattern(100, 1);
        var large = OfficeTestFiles.Pattern(10_000, 2);
        var builder = new CompoundFileBuilder { RootClsid = new Guid("00020906-0000-0000-C000-000000000046") };
        builder.AddStream("WordDocument", large);
        builder.AddStream("Macros/VBA/dir", small);
        builder.AddStream("\u0001CompObj", Array.Empty<byte>());

        using var file = CompoundFile.Open(builder.ToArray());

        Assert.Empty(file.Problems);
        Assert.Equal(new Guid("00020906-0000-0000-C000-000000000046"), file.Root.Clsid);
        Assert.Equal(["\u0001CompObj", "Macros", "Macros/VBA", "Macros/VBA/dir", "WordDocument"], file.Descendants().Select(file.PathOf).Order(StringComparer.Ordinal));
        Assert.Equal(large, file.ReadStream(file.Find("WordDocument")!, int.MaxValue, out var wholeLarge));
        Assert.Equal(small, file.ReadStream(file.Find("macros", "vba", "DIR")!, int.MaxValue, out var wholeSmall));
        Assert.True(wholeLarge && wholeSmall);
    }

    [Fact]
    public void A_file_whose_FAT_needs_DIFAT_sectors_reads_back()
    {
        // More than 109 FAT sectors (109 x 128 x 512 bytes) make the writer chain DIFAT sectors.
        var content = OfficeTestFiles.Pattern(8 * 1024 * 1024, 3);
        var builder = new CompoundFileBuilder();
        builder.AddStream("big", content);
        var bytes = builder.ToArray();

        using var file = CompoundFile.Open(bytes);

        Assert.True(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(72)) > 0);
        Assert.Empty(file.Problems);
        Assert.Equal(content, file.ReadStream(file.Find("big")!, int.MaxValue, out var whole));
        Assert.True(whole);
    }

    [Fact]
    public void Four_kilobyte_sectors_are_read()
    {
        using var file = CompoundFile.Open(OfficeTestFiles.Strelka("test.msi"));

        Assert.Equal(4096, file.Header.SectorSize);
        Assert.Empty(file.Problems);
        var cabinet = Assert.Single(file.Descendants(), e => e.IsStream && file.ReadStream(e, 4, out _).AsSpan().SequenceEqual("MSCF"u8));
        Assert.Equal("cab1.cab", OleStreamNames.DecodeInstallerName(cabinet.Name));
    }

    [Fact]
    public void A_chain_that_loops_ends_with_a_problem_instead_of_hanging()
    {
        var builder = new CompoundFileBuilder();
        builder.AddStream("loop", OfficeTestFiles.Pattern(5000, 4));
        var bytes = builder.ToArray();
        var entry = OfficeTestFiles.Entry(bytes, "loop");
        var second = entry.StartSector + 1;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(OfficeTestFiles.FatEntryOffset(bytes, second)), entry.StartSector);

        using var file = CompoundFile.Open(bytes);
        using var stream = file.OpenStream(file.Find("loop")!);

        Assert.Equal(1024, stream.Length);
        Assert.Contains("loops back", stream.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_that_leaves_the_file_is_cut_where_it_leaves()
    {
        var builder = new CompoundFileBuilder();
        builder.AddStream("away", OfficeTestFiles.Pattern(5000, 5));
        var bytes = builder.ToArray();
        var entry = OfficeTestFiles.Entry(bytes, "away");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(OfficeTestFiles.FatEntryOffset(bytes, entry.StartSector)), 0x00FFFFFF);

        using var file = CompoundFile.Open(bytes);
        using var stream = file.OpenStream(file.Find("away")!);

        Assert.Equal(512, stream.Length);
        Assert.Contains("outside the file", stream.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_declared_larger_than_the_file_reads_what_is_there()
    {
        var content = OfficeTestFiles.Pattern(6000, 6);
        var builder = new CompoundFileBuilder();
        builder.AddStream("liar", content);
        var bytes = builder.ToArray();
        var entry = OfficeTestFiles.Entry(bytes, "liar");
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(OfficeTestFiles.DirectoryEntryOffset(bytes, entry.Id) + 120), 0xFFFFFFF0);

        using var file = CompoundFile.Open(bytes);
        using var stream = file.OpenStream(file.Find("liar")!);
        var read = file.ReadStream(file.Find("liar")!, int.MaxValue, out var whole);

        Assert.Equal(0xFFFFFFF0, stream.DeclaredLength);
        Assert.False(whole);
        Assert.NotNull(stream.Problem);
        Assert.Equal(content, read[..content.Length]);
    }

    [Fact]
    public void A_directory_that_links_back_to_itself_is_walked_once()
    {
        var builder = new CompoundFileBuilder();
        builder.AddStream("a", new byte[] { 1 });
        builder.AddStream("b", new byte[] { 2 });
        builder.AddStream("storage/c", new byte[] { 3 });
        var bytes = builder.ToArray();
        var storage = OfficeTestFiles.Entry(bytes, "storage");
        var c = OfficeTestFiles.Entry(bytes, "storage/c");
        // c's right sibling is the root and its left is its own storage: two loops.
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(OfficeTestFiles.DirectoryEntryOffset(bytes, c.Id) + 72), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(OfficeTestFiles.DirectoryEntryOffset(bytes, c.Id) + 68), (uint)storage.Id);

        using var file = CompoundFile.Open(bytes);

        Assert.Contains(file.Problems, p => p.Contains("linked twice", StringComparison.Ordinal));
        Assert.Equal(4, file.Descendants().Count());
    }

    [Fact]
    public void Streams_the_tree_does_not_reach_are_kept_as_orphans()
    {
        var builder = new CompoundFileBuilder();
        builder.AddStream("visible", new byte[] { 1 });
        builder.AddStream("hidden", new byte[] { 2, 3 });
        var bytes = builder.ToArray();
        var hidden = OfficeTestFiles.Entry(bytes, "hidden");
        var rootChild = OfficeTestFiles.DirectoryEntryOffset(bytes, 0) + 76;
        var visible = OfficeTestFiles.Entry(bytes, "visible");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(rootChild), (uint)visible.Id);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(OfficeTestFiles.DirectoryEntryOffset(bytes, visible.Id) + 68), uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(OfficeTestFiles.DirectoryEntryOffset(bytes, visible.Id) + 72), uint.MaxValue);

        using var file = CompoundFile.Open(bytes);

        Assert.Equal("visible", Assert.Single(file.Descendants()).Name);
        Assert.Equal(hidden.Id, Assert.Single(file.Orphans).Id);
    }

    [Fact]
    public void Giant_sector_counts_in_the_header_cost_nothing()
    {
        var builder = new CompoundFileBuilder();
        builder.AddStream("s", OfficeTestFiles.Pattern(5000, 7));
        var bytes = builder.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(44), uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(64), uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(72), uint.MaxValue);
        var clock = Stopwatch.StartNew();

        using var file = CompoundFile.Open(bytes);
        var content = file.ReadStream(file.Find("s")!, int.MaxValue, out _);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
        Assert.Equal(5000, content.Length);
    }

    [Fact]
    public void A_DIFAT_chain_that_loops_is_reported()
    {
        var builder = new CompoundFileBuilder();
        builder.AddStream("big", OfficeTestFiles.Pattern(8 * 1024 * 1024, 10));
        var bytes = builder.ToArray();
        var difat = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(68));
        var fatSectors = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(44));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)((difat + 1) * 512) + 508), difat);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(44), fatSectors + 500);

        using var file = CompoundFile.Open(bytes);

        Assert.Contains(file.Problems, p => p.StartsWith("DIFAT", StringComparison.Ordinal) && p.Contains("loops back", StringComparison.Ordinal));
        Assert.Equal(8 * 1024 * 1024, file.ReadStream(file.Find("big")!, int.MaxValue, out _).Length);
    }

    [Theory]
    [InlineData("clam.ole.doc")]
    [InlineData("clam.ppt")]
    public void A_truncated_file_opens_and_reads_what_is_left(string name)
    {
        var whole = File.ReadAllBytes(TestPaths.ClamAvTestFile(name));
        var opened = 0;
        for (var length = 512; length < whole.Length; length += 512)
        {
            try
            {
                using var file = CompoundFile.Open(whole[..length]);
                var streams = file.Descendants().Where(e => e.IsStream).ToList();
                foreach (var entry in streams)
                {
                    using var stream = file.OpenStream(entry);
                    Assert.True(stream.Length <= entry.Size);
                    Assert.Equal(stream.Length < entry.Size, stream.Problem is not null);
                    Assert.Equal(stream.Length, file.ReadStream(entry, int.MaxValue, out _).Length);
                }

                opened++;
            }
            catch (InvalidDataException)
            {
                // Cut before its directory: it cannot be opened, and says so.
            }
        }

        Assert.True(opened > 0);
    }

    [Fact]
    public void Bytes_without_the_signature_are_refused()
    {
        var exception = Assert.Throws<InvalidDataException>(() => CompoundFile.Open(new byte[1024]));

        Assert.Contains("signature", exception.Message, StringComparison.Ordinal);
    }
}
