using Crible.Model;
using Crible.Scanners.Signatures;

namespace Crible.Tests.Scanners.Signatures;

public sealed class HashListTests
{
    [Fact]
    public void Lines_of_md5_sha1_and_sha256_with_descriptions_and_comments_are_read()
    {
        var list = HashList.Parse(
            [
                "# a comment",
                "",
                "44d88612fea8a8f36de82e1278abb02f;EICAR (md5)",
                "3395856CE81F2B7382DEE72602F798B642F14140 EICAR (sha1, upper case)",
                "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
                "not-a-hash;oops",
            ],
            "list.txt",
            out var rejected);

        Assert.Equal(3, list.Count);
        Assert.Equal("EICAR (md5)", list.Find("44d88612fea8a8f36de82e1278abb02f")!.Description);
        Assert.NotNull(list.Find("3395856ce81f2b7382dee72602f798b642f14140"));
        Assert.Equal(["list.txt:6: not an MD5, SHA-1 or SHA-256 digest"], rejected);
    }

    [Fact]
    public void The_operator_list_of_signature_base_loads_without_rejections()
    {
        var list = HashList.Load(TestPaths.Rules("signature-base", "iocs", "hash-iocs.txt"), out var rejected);

        Assert.True(list.Count > 1000, $"only {list.Count} digests");
        Assert.Empty(rejected);
    }

    [Fact]
    public async Task A_file_on_an_operator_list_is_malicious_with_the_list_description()
    {
        var path = Path.Combine(Path.GetTempPath(), $"crible-hashes-{Guid.NewGuid():N}.txt");
        var content = "a harmless file the operator distrusts"u8.ToArray();
        var sha1 = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(content));
        await File.WriteAllTextAsync(path, $"{sha1};Operator: distrusted memo\n");
        try
        {
            using var engine = Crible.Configuration.CribleEngine.Load(new() { Signatures = new() { HashLists = [path] } });
            var report = await engine.Analyser.AnalyseAsync(content, "memo.txt");

            Assert.Equal(Verdict.Malicious, report.Verdict);
            var finding = Assert.Single(report.Nodes[0].Findings);
            Assert.Equal("Known-bad file: Operator: distrusted memo", finding.Title);
            Assert.StartsWith("SHA-1 ", finding.Evidence, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
