using Crible.Model;

namespace Crible.Tests.Pipeline;

/// <summary>Bounded reads of a sample, the same whether it is in memory or in a file.</summary>
public sealed class SampleDataReadTests
{
    private static readonly byte[] Content = [.. Enumerable.Range(0, 1000).Select(i => (byte)i)];

    [Theory]
    [InlineData(0, 10, 0, 10)]
    [InlineData(990, 100, 990, 10)]
    [InlineData(1000, 5, 1000, 0)]
    [InlineData(2000, 5, 1000, 0)]
    public async Task A_part_is_read_from_its_offset_and_cut_at_the_end(long offset, int count, int expectedStart, int expectedLength)
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, Content);
            using var inMemory = SampleData.FromBytes(Content);
            using var inFile = SampleData.FromFile(path);

            var expected = Content.AsSpan(expectedStart, expectedLength).ToArray();
            Assert.Equal(expected, await inMemory.ReadAsync(offset, count, CancellationToken.None));
            Assert.Equal(expected, await inFile.ReadAsync(offset, count, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_prefix_is_the_whole_content_when_it_fits_the_budget()
    {
        using var data = SampleData.FromBytes(Content);

        Assert.Equal(Content, await data.ReadPrefixAsync(long.MaxValue, CancellationToken.None));
        Assert.Equal(Content[..100], await data.ReadPrefixAsync(100, CancellationToken.None));
    }
}
