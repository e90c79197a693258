using System.Buffers.Binary;
using System.Diagnostics;
using Crible.Model;
using Crible.Scanners.Office.Ole;
using Crible.Scanners.Office.PowerPoint;

namespace Crible.Tests.Scanners.Office;

/// <summary>Real OLE2 files with flipped bytes, planted markers and cuts (fixed seeds): the reader and the scanners
/// must neither throw nor hang, and must stay fast on every variant.</summary>
public sealed class OfficeMutationTests
{
    private static readonly TimeSpan PerFile = TimeSpan.FromSeconds(5);

    public static TheoryData<string> Originals() => new()
    {
        TestPaths.ClamAvTestFile("clam.ole.doc"),
        TestPaths.ClamAvTestFile("clam.ppt"),
        TestPaths.Corpus("strelka-fixtures", "test.doc"),
        TestPaths.Corpus("strelka-fixtures", "test.xls"),
        TestPaths.Corpus("strelka-fixtures", "test.msi"),
        TestPaths.Corpus("strelka-fixtures", "test_pe_object.doc"),
    };

    [Theory]
    [MemberData(nameof(Originals))]
    public void The_reader_survives_two_hundred_damaged_variants(string path)
    {
        var original = File.ReadAllBytes(path);
        var random = new Random(Path.GetFileName(path).Length * 7919);
        var slowest = TimeSpan.Zero;
        for (var variant = 0; variant < 200; variant++)
        {
            var damaged = Mutate(original, random);
            var clock = Stopwatch.StartNew();
            ReadEverything(damaged);
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
        }

        Assert.True(slowest < PerFile, $"slowest variant took {slowest}");
    }

    [Theory]
    [MemberData(nameof(Originals))]
    public async Task The_scanners_survive_damaged_variants_without_failing(string path)
    {
        var original = File.ReadAllBytes(path);
        var random = new Random(Path.GetFileName(path).Length * 104729);
        for (var variant = 0; variant < 40; variant++)
        {
            var damaged = Mutate(original, random);
            var clock = Stopwatch.StartNew();

            var report = await TestEngine.Default.AnalyseAsync(damaged, Path.GetFileName(path));

            Assert.True(clock.Elapsed < PerFile * 2, $"variant {variant} took {clock.Elapsed}");
            var failures = report.Nodes.SelectMany(n => n.Incomplete).Where(r => r.Contains(" failed:", StringComparison.Ordinal) || r.StartsWith("timeout", StringComparison.Ordinal));
            Assert.Empty(failures);
        }
    }

    [Fact]
    public async Task Damaged_RTF_and_OneNote_files_are_scanned_without_failing()
    {
        var random = new Random(31337);
        foreach (var path in new[] { TestPaths.ClamAvTestFile("clam.exe.rtf"), TestPaths.Corpus("strelka-fixtures", "test.one") })
        {
            var original = File.ReadAllBytes(path);
            for (var variant = 0; variant < 40; variant++)
            {
                var damaged = original.ToArray();
                for (var flip = random.Next(1, 50); flip > 0; flip--)
                {
                    damaged[random.Next(damaged.Length)] = (byte)"{}\\0123456789abcdef \n'"[random.Next(22)];
                }

                var report = await TestEngine.Default.AnalyseAsync(damaged[..random.Next(1, damaged.Length + 1)], Path.GetFileName(path));

                Assert.DoesNotContain(report.Nodes.SelectMany(n => n.Incomplete), r => r.Contains(" failed:", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Opens the file and reads all it offers, as the scanners do.</summary>
    internal static void ReadEverything(byte[] bytes)
    {
        CompoundFile file;
        try
        {
            file = CompoundFile.Open(bytes);
        }
        catch (InvalidDataException)
        {
            return;
        }

        using (file)
        {
            foreach (var entry in file.Descendants().Concat(file.Orphans).Where(e => e.IsStream))
            {
                var content = file.ReadStream(entry, 16 * 1024 * 1024, out _);
                if (entry.Name == "\u0001Ole10Native")
                {
                    _ = OlePackage.TryParseOle10Native(content, out _, out _);
                }
                else if (entry.Name == "PowerPoint Document")
                {
                    PowerPointRecordReader.Read(content, []);
                }
            }

            _ = file.Problems.Count;
        }
    }

    /// <summary>One of: random bytes flipped anywhere, chain markers and huge numbers planted in the header, FAT
    /// and directory, or a cut.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var damaged = original.ToArray();
        switch (random.Next(3))
        {
            case 0:
                for (var flip = random.Next(1, 30); flip > 0; flip--)
                {
                    damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
                }

                return damaged;
            case 1:
                var structures = StructureOffsets(original);
                uint[] values = [0, 1, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC, 0x7FFFFFFF, (uint)random.Next(), (uint)random.Next(64)];
                for (var plant = random.Next(1, 8); plant > 0; plant--)
                {
                    var offset = structures[random.Next(structures.Count)] & ~3;
                    if (offset + 4 <= damaged.Length)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(damaged.AsSpan(offset), values[random.Next(values.Length)]);
                    }
                }

                return damaged;
            default:
                return damaged[..random.Next(1, damaged.Length)];
        }
    }

    /// <summary>Offsets in the header, the FAT sectors the header lists and the first directory sector.</summary>
    private static List<int> StructureOffsets(byte[] bytes)
    {
        var offsets = Enumerable.Range(0, 512).ToList();
        var header = CompoundFileHeader.Parse(bytes);
        var size = header.SectorSize;
        foreach (var sector in header.Difat.Where(s => s < 0x10000).Append(header.FirstDirectorySector).Append(header.FirstMiniFatSector))
        {
            var start = (long)(sector + 1) * size;
            if (start + size <= bytes.Length)
            {
                offsets.AddRange(Enumerable.Range((int)start, size));
            }
        }

        return offsets;
    }
}
