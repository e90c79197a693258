using System.Text;

namespace Crible.Server.Tests.Doors;

public sealed class DoorConcurrencyTests(DoorServer door) : IClassFixture<DoorServer>
{
    private const int Streams = 100;

    [Fact]
    public async Task A_hundred_parallel_icap_and_clamd_streams_through_eight_slots_each_all_get_their_own_answer()
    {
        var clamd = Enumerable.Range(0, Streams).Select(async i =>
        {
            using var client = await door.ClamdAsync();
            return await ClamdWire.InstreamAsync(client, Content(i, "clamd"), chunk: 4096);
        });
        var icap = Enumerable.Range(0, Streams).Select(async i =>
        {
            using var client = await door.IcapAsync();
            return await IcapWire.ExchangeAsync(client, IcapWire.LaSuiteRequest(door.IcapPort, $"file-{i}.txt", Content(i, "icap")));
        });

        var clamdReplies = await Task.WhenAll(clamd);
        var icapReplies = await Task.WhenAll(icap);

        for (var i = 0; i < Streams; i++)
        {
            var infected = IsInfected(i);
            Assert.Equal(infected, clamdReplies[i].EndsWith(" FOUND\0", StringComparison.Ordinal));
            Assert.Equal(!infected, clamdReplies[i] == "stream: OK\0");
            Assert.Equal(infected ? "ICAP/1.0 200 OK" : "ICAP/1.0 204 No Content", icapReplies[i].Status);
            Assert.Equal(infected ? "malicious" : "clean", icapReplies[i].Headers["X-Crible-Verdict"]);
        }

        // Every stream became one analysis of its own, as the audit log shows: nothing merged, nothing lost.
        var submits = await SubmissionsAsync();
        Assert.Equal(Streams, submits.Where(s => s.Name == "stream").Select(s => s.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, Streams).Select(i => $"file-{i}.txt").Order(), submits.Where(s => s.Name.StartsWith("file-", StringComparison.Ordinal)).Select(s => s.Name).Order());
        Assert.Equal(Streams, icapReplies.Select(r => r.Headers["X-Crible-Analysis"]).Distinct().Count());
    }

    private static bool IsInfected(int i) => i % 10 == 3;

    /// <summary>A different file for every stream (so no verdict is reused); every tenth carries EICAR.</summary>
    private static byte[] Content(int i, string door) =>
        IsInfected(i) ? Encoding.ASCII.GetBytes(DoorServer.Eicar) : Encoding.UTF8.GetBytes($"{door} stream {i}: " + new string('x', 1000 + i) + "\n");

    private async Task<List<(string Id, string Name)>> SubmissionsAsync()
    {
        var key = await door.Server.AddKeyAsync("auditor", admin: true);
        using var client = door.Server.Client(key);
        var (_, body) = await Api.GetAsync(client, "/api/v1/admin/audit?limit=10000");
        return [.. body.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "submit").Select(e => (e.GetProperty("analysis_id").GetString()!, e.GetProperty("name").GetString()!))];
    }
}
