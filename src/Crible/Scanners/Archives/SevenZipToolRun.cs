using Crible.Sandbox;

namespace Crible.Scanners.Archives;

/// <summary>
/// One sandboxed 7-Zip session on one archive with one password and one type: <c>7zz l -slt</c> into a listing file,
/// then <c>7zz x</c> into an output folder, both inside the same fresh sandbox. The archive is a read-only input; the
/// password and type are arguments, never part of a script's text; standard input is /dev/null so 7-Zip cannot wait
/// for a password.
/// </summary>
internal sealed class SevenZipToolRun
{
    public const string Executable = "/usr/bin/7zz";
    public const string SampleInside = "/input/sample";
    private const string ListingName = "listing.txt";
    private const string OutputName = "out";
    private const int MaxListingBytes = 8 * 1024 * 1024;

    // "$@" is: -p<password> [-t<type>] -- /input/sample
    private const string Script =
        "7zz l -slt -bd \"$@\" >" + BubblewrapSandbox.WorkPath + "/" + ListingName + " 2>&1; " +
        "exec 7zz x -y -bd -o" + BubblewrapSandbox.WorkPath + "/" + OutputName + " \"$@\"";

    private SevenZipToolRun(string workDirectory, SandboxResult result, SevenZipToolListing listing, SevenZipToolMessages messages)
    {
        WorkDirectory = workDirectory;
        Result = result;
        Listing = listing;
        Messages = messages;
    }

    public string WorkDirectory { get; }

    public string OutputDirectory => Path.Combine(WorkDirectory, OutputName);

    public SandboxResult Result { get; }

    public SevenZipToolListing Listing { get; }

    public SevenZipToolMessages Messages { get; }

    /// <summary>Runs 7-Zip in a new work folder under <paramref name="runDirectory"/>.</summary>
    public static async Task<SevenZipToolRun> StartAsync(
        BubblewrapSandbox sandbox,
        string samplePath,
        string runDirectory,
        string password,
        string type,
        SandboxLimits limits,
        TimeSpan timeout,
        CancellationToken cancellation)
    {
        var work = Directory.CreateDirectory(Path.Combine(runDirectory, "work-" + Guid.NewGuid().ToString("N"))).FullName;
        List<string> command = ["/bin/sh", "-c", Script, "sh", "-p" + password];
        if (type.Length > 0)
        {
            command.Add("-t" + type);
        }

        command.AddRange(["--", SampleInside]);
        var request = new SandboxRequest
        {
            Command = command,
            WorkDirectory = work,
            ReadOnlyMounts = [new SandboxMount(samplePath, SampleInside)],
            Limits = limits,
            Timeout = timeout,
        };
        var result = await sandbox.RunAsync(request, cancellation).ConfigureAwait(false);
        var listingText = await ReadListingAsync(Path.Combine(work, ListingName), cancellation).ConfigureAwait(false);
        var messages = SevenZipToolMessages.Parse(listingText + "\n" + result.StandardError + "\n" + result.StandardOutput, SampleInside);
        return new SevenZipToolRun(work, result, SevenZipToolListing.Parse(listingText), messages);
    }

    /// <summary>Frees the disk the run used.</summary>
    public void Delete()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The analysis' folder is deleted at its end anyway.
        }
    }

    private static async Task<string> ReadListingAsync(string path, CancellationToken cancellation)
    {
        if (NativeFiles.TypeOf(path) != NativeFiles.FileType.Regular)
        {
            return string.Empty;
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[(int)Math.Min(stream.Length, MaxListingBytes)];
            await stream.ReadExactlyAsync(buffer, cancellation).ConfigureAwait(false);
            return System.Text.Encoding.UTF8.GetString(buffer);
        }
    }
}
