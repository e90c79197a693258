using System.Text.Json;

namespace Crible.Tests.Cli;

public sealed class ScanCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crible-cli-").FullName;

    public void Dispose()
    {
        // rm, because .NET cannot delete a name that is not valid UTF-8.
        using var remove = System.Diagnostics.Process.Start("rm", ["-rf", _folder]);
        remove.WaitForExit();
    }

    [Fact]
    public async Task A_clean_file_exits_0_and_says_clean()
    {
        var path = Write("notes.txt", "Nothing to see here.\n"u8);

        var result = await CliRunner.RunAsync("scan", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{path}: clean", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_with_a_threat_exits_1_and_names_the_engine_and_the_evidence()
    {
        Write("notes.txt", "Nothing to see here.\n"u8);
        File.Copy(TestPaths.Corpus("eicar", "eicarcom2.zip"), Path.Combine(_folder, "sub", "parcel.zip"));

        var result = await CliRunner.RunAsync("scan", _folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("parcel.zip: MALICIOUS (detected by", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("parcel.zip/eicar_com.zip/eicar.com", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("evidence:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("notes.txt: clean", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_prints_one_report_per_file()
    {
        Write("a.txt", "first\n"u8);
        File.Copy(TestPaths.ClamAvTestFile("clam.zip"), Path.Combine(_folder, "sub", "clam.zip"));

        var result = await CliRunner.RunAsync("scan", "--json", _folder);

        Assert.Equal(1, result.ExitCode);
        var reports = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(2, reports.Count);
        var clam = reports.Single(r => r.GetProperty("file").GetProperty("name").GetString() == "clam.zip");
        Assert.Equal("malicious", clam.GetProperty("verdict").GetString());
        Assert.Equal(Path.Combine(_folder, "sub", "clam.zip"), clam.GetProperty("source").GetString());
    }

    [Fact]
    public async Task An_encrypted_archive_without_its_password_exits_2()
    {
        var result = await CliRunner.RunAsync("scan", TestPaths.Corpus("strelka-fixtures", "test_zip_password.zip"), "--config", WriteConfig("""{ "Passwords": [ "nope" ] }"""));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("UNANALYSABLE", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("encrypted", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_on_the_command_line_opens_the_archive()
    {
        var result = await CliRunner.RunAsync("scan", TestPaths.Corpus("strelka-fixtures", "test_zip_password.zip"), "--config", WriteConfig("""{ "Passwords": [ "nope" ] }"""), "--password", "password");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_missing_path_exits_3_with_a_clear_message_and_no_stack_trace()
    {
        var result = await CliRunner.RunAsync("scan", Path.Combine(_folder, "absent.bin"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("absent.bin: no such file or folder", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_usage_error_exits_3()
    {
        var result = await CliRunner.RunAsync("scan");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("error:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_threat_found_alongside_an_unreadable_path_still_exits_1()
    {
        var result = await CliRunner.RunAsync("scan", TestPaths.Corpus("eicar", "eicar.com"), Path.Combine(_folder, "absent.bin"));

        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Empty_truncated_and_oddly_named_files_are_analysed_without_error()
    {
        Write("empty.bin", []);
        var zip = await File.ReadAllBytesAsync(TestPaths.ClamAvTestFile("clam.zip"));
        Write("cut.zip", zip.AsSpan(0, 100));
        Write("name with spaces & ünïcödé.txt", "hello\n"u8);

        var result = await CliRunner.RunAsync("scan", "--json", _folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(3, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_name_that_is_not_valid_UTF8_is_reported_and_the_rest_is_scanned()
    {
        var raw = Path.Combine(_folder, "sub");
        Directory.CreateDirectory(raw);
        Write("fine.txt", "fine\n"u8);
        // .NET cannot create such a name, so ask the shell (bytes 0xFF 0xFE are never valid UTF-8).
        using (var shell = System.Diagnostics.Process.Start("/bin/sh", ["-c", $"printf 'x' > \"{raw}/$(printf 'bad\\377\\376name')\""]))
        {
            await shell.WaitForExitAsync();
        }

        var result = await CliRunner.RunAsync("scan", _folder);

        Assert.Contains("fine.txt: clean", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.ExitCode is 0 or 3, $"exit {result.ExitCode}: {result.Stderr}");
    }

    private string Write(string name, ReadOnlySpan<byte> content)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.Combine(_folder, "sub"));
        File.WriteAllBytes(path, content.ToArray());
        return path;
    }

    private string WriteConfig(string json)
    {
        var path = Path.Combine(_folder, "crible.json");
        File.WriteAllText(path, json);
        return path;
    }
}
