using System.Text.Json;
using Crible.Model;
using Crible.Reporting;

namespace Crible.Tests.Reporting;

public sealed class ReportJsonTests
{
    [Fact]
    public async Task The_report_uses_the_documented_field_names_and_values()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("eicar", "eicar_com.zip"));
        using var json = JsonDocument.Parse(ReportJson.Serialize(report));
        var root = json.RootElement;

        Assert.Equal("malicious", root.GetProperty("verdict").GetString());
        foreach (var field in new[] { "name", "size", "sha256", "sha1", "md5", "kind" })
        {
            Assert.True(root.GetProperty("file").TryGetProperty(field, out _), field);
        }

        var nodes = root.GetProperty("nodes");
        Assert.Equal(JsonValueKind.Null, nodes[0].GetProperty("parent").ValueKind);
        Assert.Equal("root", nodes[0].GetProperty("relation").GetString());
        Assert.Equal("eicar_com.zip/eicar.com", nodes[1].GetProperty("path").GetString());
        Assert.Equal(0, nodes[1].GetProperty("parent").GetInt32());
        Assert.Equal("extracted", nodes[1].GetProperty("relation").GetString());
        var finding = nodes[1].GetProperty("findings")[0];
        Assert.Equal("malicious", finding.GetProperty("severity").GetString());
        Assert.Equal(JsonValueKind.Array, finding.GetProperty("attack").ValueKind);
        Assert.Equal(JsonValueKind.Object, finding.GetProperty("meta").ValueKind);
        Assert.True(root.GetProperty("engines")[0].TryGetProperty("duration_ms", out _));
        Assert.True(root.TryGetProperty("duration_ms", out _));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("limits_hit").ValueKind);
    }

    [Fact]
    public async Task A_report_reads_back_equal_to_what_was_written()
    {
        var report = await TestEngine.Default.AnalyseFileAsync(TestPaths.Corpus("eicar", "eicarcom2.zip"));

        var again = ReportJson.Deserialize(ReportJson.Serialize(report));

        Assert.Equal(report.Verdict, again.Verdict);
        Assert.Equal(report.File, again.File);
        Assert.Equal(report.Nodes.Select(n => (n.Path, n.Parent, n.Relation, n.Findings.Count)), again.Nodes.Select(n => (n.Path, n.Parent, n.Relation, n.Findings.Count)));
        Assert.Equal(report.Nodes[^1].Findings[0].Meta, again.Nodes[^1].Findings[0].Meta);
    }
}
