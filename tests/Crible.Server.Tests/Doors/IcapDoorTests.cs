using System.Text;

namespace Crible.Server.Tests.Doors;

public sealed class IcapDoorTests(DoorServer door) : IClassFixture<DoorServer>
{
    [Fact]
    public async Task Debian_c_icap_client_sees_the_options_with_an_istag_from_the_rules()
    {
        var (exitCode, output) = await DoorServer.RunAsync("c-icap-client", "-i", "127.0.0.1", "-p", door.IcapPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-s", "avscan");
        Assert.Equal(0, exitCode);
        Assert.Contains("Allow 204: Yes", output, StringComparison.Ordinal);
        Assert.Matches("ISTag: \"CRIBLE-[0-9a-f]{12}\"", output);
        Assert.Contains("Methods: REQMOD, RESPMOD", output, StringComparison.Ordinal);
        Assert.Contains("Max-Connections: 8", output, StringComparison.Ordinal);
        Assert.Contains("Options-TTL: 3600", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debian_c_icap_client_gets_a_403_page_for_eicar_and_204_for_a_clean_file()
    {
        var folder = Directory.CreateTempSubdirectory("crible-icap-").FullName;
        try
        {
            var eicar = Path.Combine(folder, "eicar.com");
            var clean = Path.Combine(folder, "notes.txt");
            await File.WriteAllBytesAsync(eicar, DoorServer.EicarBytes);
            await File.WriteAllTextAsync(clean, "Meeting notes: nothing to see.\n");
            var port = door.IcapPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

            var (_, infected) = await DoorServer.RunAsync("c-icap-client", "-i", "127.0.0.1", "-p", port, "-s", "avscan", "-f", eicar, "-v");
            var (_, passed) = await DoorServer.RunAsync("c-icap-client", "-i", "127.0.0.1", "-p", port, "-s", "avscan", "-f", clean, "-v");

            Assert.Contains("ICAP/1.0 200 OK", infected, StringComparison.Ordinal);
            Assert.Matches(@"X-Infection-Found: Type=0; Resolution=2; Threat=Crible\.\S+;", infected);
            Assert.Contains("HTTP/1.1 403 Forbidden", infected, StringComparison.Ordinal);
            Assert.Contains("Malicious file blocked", infected, StringComparison.Ordinal);
            Assert.Contains("ICAP/1.0 204 No Content", passed, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task La_suite_style_reqmod_of_clam_zip_is_blocked_with_the_threat_named()
    {
        using var client = await door.IcapAsync();
        var response = await IcapWire.ExchangeAsync(client, IcapWire.LaSuiteRequest(door.IcapPort, "clam.zip", DoorServer.ClamZip));

        Assert.Equal("ICAP/1.0 200 OK", response.Status);
        Assert.Matches(@"^Type=0; Resolution=2; Threat=Crible\.\S*clam\S*;$", response.Headers["X-Infection-Found"]);
        Assert.StartsWith("1\nclam.zip\n", response.Headers["X-Violations-Found"], StringComparison.Ordinal);
        Assert.Equal("malicious", response.Headers["X-Crible-Verdict"]);
        Assert.Contains(response.Headers["X-Virus-ID"], response.Headers["X-Infection-Found"], StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", response.HttpHead, StringComparison.Ordinal);
        Assert.Contains("clam.zip", response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task La_suite_style_requests_on_one_keep_alive_connection_get_204_for_clean_and_403_for_eicar()
    {
        using var client = await door.IcapAsync();
        var clean = await IcapWire.ExchangeAsync(client, IcapWire.LaSuiteRequest(door.IcapPort, "report.txt", "Quarterly figures.\n"u8.ToArray()));
        var infected = await IcapWire.ExchangeAsync(client, IcapWire.LaSuiteRequest(door.IcapPort, "eicar.com", DoorServer.EicarBytes));

        Assert.Equal("ICAP/1.0 204 No Content", clean.Status);
        Assert.Equal("clean", clean.Headers["X-Crible-Verdict"]);
        Assert.Equal("ICAP/1.0 200 OK", infected.Status);
        Assert.StartsWith("HTTP/1.1 403 Forbidden", infected.HttpHead, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_allow_204_a_clean_request_comes_back_unchanged()
    {
        var content = Encoding.UTF8.GetBytes("A clean document, unchanged.\n");
        using var client = await door.IcapAsync();
        var response = await IcapWire.ExchangeAsync(client, IcapWire.LaSuiteRequest(door.IcapPort, "doc.txt", content, allow204: false));

        Assert.Equal("ICAP/1.0 200 OK", response.Status);
        Assert.StartsWith("POST /doc.txt HTTP/1.1\r\n", response.HttpHead, StringComparison.Ordinal);
        Assert.Equal(content, response.Body);
    }

    [Fact]
    public async Task A_preview_is_continued_so_the_whole_file_is_analysed()
    {
        // EICAR is placed after the preview: only a server that asks for the rest can find it.
        var content = Encoding.ASCII.GetBytes(DoorServer.Eicar);
        var http = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n";
        var head = $"RESPMOD icap://127.0.0.1:{door.IcapPort}/avscan ICAP/1.0\r\nHost: 127.0.0.1\r\nAllow: 204\r\nPreview: 10\r\nEncapsulated: res-hdr=0, res-body={http.Length}\r\n\r\n{http}";
        using var client = await door.IcapAsync();
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + $"a\r\n{DoorServer.Eicar[..10]}\r\n0\r\n\r\n"));

        var interim = new byte["ICAP/1.0 100 Continue\r\n\r\n".Length];
        await stream.ReadExactlyAsync(interim);
        Assert.Equal("ICAP/1.0 100 Continue\r\n\r\n", Encoding.ASCII.GetString(interim));
        var rest = content[10..];
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{rest.Length:x}\r\n"));
        await stream.WriteAsync(rest);
        await stream.WriteAsync("\r\n0\r\n\r\n"u8.ToArray());
        var response = await IcapWire.ReadAsync(stream);

        Assert.Equal("ICAP/1.0 200 OK", response.Status);
        Assert.True(response.Headers.ContainsKey("X-Infection-Found"));
    }

    [Fact]
    public async Task A_preview_ending_with_ieof_is_answered_without_100_continue()
    {
        var http = "HTTP/1.1 200 OK\r\n\r\n";
        var body = "small and clean";
        var request = $"RESPMOD icap://127.0.0.1:{door.IcapPort}/avscan ICAP/1.0\r\nHost: 127.0.0.1\r\nPreview: 1024\r\nEncapsulated: res-hdr=0, res-body={http.Length}\r\n\r\n{http}{body.Length:x}\r\n{body}\r\n0; ieof\r\n\r\n";
        using var client = await door.IcapAsync();
        var response = await IcapWire.ExchangeAsync(client, Encoding.ASCII.GetBytes(request));
        Assert.Equal("ICAP/1.0 204 No Content", response.Status);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("REQMOD icap://127.0.0.1/avscan ICAP/1.0\r\nHost: x\r\n\r\n")]
    [InlineData("REQMOD icap://127.0.0.1/avscan ICAP/1.0\r\nEncapsulated: req-hdr=0, req-body=-5\r\n\r\n")]
    [InlineData("RESPMOD icap://127.0.0.1/avscan ICAP/1.0\r\nEncapsulated: res-hdr=0, res-body=2\r\n\r\n\r\nzz\r\n")]
    public async Task A_malformed_request_gets_400_and_the_connection_is_closed(string request)
    {
        using var client = await door.IcapAsync();
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var response = await IcapWire.ReadAsync(stream);

        Assert.Equal("ICAP/1.0 400 Bad Request", response.Status);
        Assert.Equal("close", response.Headers["Connection"]);
        Assert.Equal(0, await stream.ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task An_unknown_service_name_gets_404()
    {
        using var client = await door.IcapAsync();
        var response = await IcapWire.ExchangeAsync(client, Encoding.ASCII.GetBytes("OPTIONS icap://127.0.0.1/other ICAP/1.0\r\nEncapsulated: null-body=0\r\n\r\n"));
        Assert.Equal("ICAP/1.0 404 ICAP Service Not Found", response.Status);
    }
}
