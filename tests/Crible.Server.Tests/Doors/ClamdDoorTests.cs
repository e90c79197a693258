using System.Buffers.Binary;

namespace Crible.Server.Tests.Doors;

public sealed class ClamdDoorTests(DoorServer door) : IClassFixture<DoorServer>
{
    [Fact]
    public async Task Debian_clamdscan_stream_reports_eicar_and_clam_zip_infected_and_a_clean_file_ok()
    {
        var folder = Directory.CreateTempSubdirectory("crible-clamdscan-").FullName;
        try
        {
            var config = Path.Combine(folder, "clamd.conf");
            await File.WriteAllTextAsync(config, $"TCPSocket {door.ClamdPort}\nTCPAddr 127.0.0.1\n");
            var eicar = Path.Combine(folder, "eicar.com");
            var zip = Path.Combine(folder, "clam.zip");
            var clean = Path.Combine(folder, "notes.txt");
            await File.WriteAllBytesAsync(eicar, DoorServer.EicarBytes);
            await File.WriteAllBytesAsync(zip, DoorServer.ClamZip);
            await File.WriteAllTextAsync(clean, "Meeting notes: nothing to see.\n");

            var (exitCode, output) = await DoorServer.RunAsync("clamdscan", "--stream", "--no-summary", $"--config-file={config}", eicar, zip, clean);

            Assert.Equal(1, exitCode);
            Assert.Contains($"{eicar}: Crible.", output, StringComparison.Ordinal);
            Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(zip)}: Crible\.\S*clam\S* FOUND", output);
            Assert.Contains($"{clean}: OK", output, StringComparison.Ordinal);
            Assert.Equal(2, output.Split('\n').Count(l => l.EndsWith(" FOUND", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("zPING\0", "PONG\0")]
    [InlineData("nPING\n", "PONG\n")]
    [InlineData("PING\n", "PONG\n")]
    [InlineData("zRELOAD\0", "RELOADING\0")]
    [InlineData("zFROBNICATE\0", "UNKNOWN COMMAND\0")]
    public async Task Simple_commands_answer_as_clamd_does_with_the_delimiter_of_their_prefix(string command, string expected)
    {
        using var client = await door.ClamdAsync();
        Assert.Equal(expected, await ClamdWire.CommandAsync(client, command));
    }

    [Fact]
    public async Task Version_and_versioncommands_name_crible_its_rules_and_the_commands_it_speaks()
    {
        using (var client = await door.ClamdAsync())
        {
            Assert.Matches(@"^Crible [0-9.]+/[0-9a-f]{12}/.+\n$", await ClamdWire.CommandAsync(client, "nVERSION\n"));
        }

        using (var client = await door.ClamdAsync())
        {
            var reply = await ClamdWire.CommandAsync(client, "zVERSIONCOMMANDS\0");
            Assert.Contains("| COMMANDS: ", reply, StringComparison.Ordinal);
            Assert.Contains(" INSTREAM", reply, StringComparison.Ordinal);
            Assert.Contains(" IDSESSION", reply, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Instream_reports_eicar_found_and_a_clean_stream_ok()
    {
        using (var client = await door.ClamdAsync())
        {
            Assert.Matches(@"^stream: Crible\.\S+ FOUND\0$", await ClamdWire.InstreamAsync(client, DoorServer.EicarBytes, chunk: 7));
        }

        using (var client = await door.ClamdAsync())
        {
            Assert.Equal("stream: OK\0", await ClamdWire.InstreamAsync(client, "Just a line of text.\n"u8.ToArray()));
        }
    }

    [Fact]
    public async Task Instream_over_the_size_limit_gets_clamd_s_limit_reply()
    {
        using var client = await door.ClamdAsync();
        var stream = client.GetStream();
        await stream.WriteAsync("zINSTREAM\0"u8.ToArray());
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, 2 * 1024 * 1024);
        await stream.WriteAsync(length);
        Assert.Equal("INSTREAM size limit exceeded. ERROR\0", await ClamdWire.ReadToEndAsync(stream));
    }

    [Fact]
    public async Task Idsession_numbers_each_reply_until_end()
    {
        using var client = await door.ClamdAsync();
        var stream = client.GetStream();
        await stream.WriteAsync("zIDSESSION\0zPING\0zINSTREAM\0"u8.ToArray());
        await ClamdWire.WriteChunksAsync(stream, DoorServer.EicarBytes, 16);
        await stream.WriteAsync("zINSTREAM\0"u8.ToArray());
        await ClamdWire.WriteChunksAsync(stream, "clean\n"u8.ToArray(), 16);
        await stream.WriteAsync("zEND\0"u8.ToArray());

        var replies = (await ClamdWire.ReadToEndAsync(stream)).Split('\0', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, replies.Length);
        Assert.Equal("1: PONG", replies[0]);
        Assert.Matches(@"^2: stream: Crible\.\S+ FOUND$", replies[1]);
        Assert.Equal("3: stream: OK", replies[2]);
    }

    [Fact]
    public async Task Stats_is_a_clamd_style_block_ending_with_end()
    {
        using var client = await door.ClamdAsync();
        var reply = await ClamdWire.CommandAsync(client, "nSTATS\n");
        Assert.StartsWith("POOLS: 1", reply, StringComparison.Ordinal);
        Assert.Contains("THREADS: live ", reply, StringComparison.Ordinal);
        Assert.EndsWith("END\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_of_a_server_path_outside_the_allowed_folder_is_refused()
    {
        using var client = await door.ClamdAsync();
        Assert.Equal("/etc/passwd: Access denied: the path is outside Server:Clamd:ScanFolders. ERROR\0", await ClamdWire.CommandAsync(client, "zSCAN /etc/passwd\0"));
    }

    [Fact]
    public async Task Contscan_of_the_allowed_folder_reports_only_the_infected_file()
    {
        using var client = await door.ClamdAsync();
        var reply = await ClamdWire.CommandAsync(client, $"nCONTSCAN {door.ScanFolder}\n");
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(Path.Combine(door.ScanFolder, "eicar.com"))}: Crible\.\S+ FOUND\n$", reply);
    }

    [Fact]
    public async Task A_command_line_without_end_is_refused_and_the_door_keeps_serving()
    {
        using (var client = await door.ClamdAsync())
        {
            var reply = await ClamdWire.CommandAsync(client, "z" + new string('A', 9000));
            Assert.EndsWith("ERROR\n", reply, StringComparison.Ordinal);
        }

        using var next = await door.ClamdAsync();
        Assert.Equal("PONG\0", await ClamdWire.CommandAsync(next, "zPING\0"));
    }
}
