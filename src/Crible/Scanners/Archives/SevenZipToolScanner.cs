using System.Globalization;
using Crible.Model;
using Crible.Pipeline;
using Crible.Sandbox;

namespace Crible.Scanners.Archives;

/// <summary>
/// The long tail of containers no managed extractor handles (CAB, ARJ, LHA, ISO 9660/UDF, CHM, RPM, XAR, DMG, NSIS
/// installers, MSI packages), opened by 7-Zip (<c>7zz</c>) in a bubblewrap sandbox. What 7-Zip writes is walked
/// without following links and each regular file is emitted as an extracted child named by its path in the archive.
/// The sandbox may write at most the analysis' size budget, and no more than <see cref="Limits.MaxRatio"/> times the
/// archive's own size (never less than the ratio floor), so a bomb fills neither the disk nor the report.
/// </summary>
public sealed class SevenZipToolScanner(BubblewrapSandbox sandbox, SevenZipToolFormats formats) : IScanner
{
    /// <summary>Passwords tried on an encrypted archive, after the empty one.</summary>
    public const int MaxPasswordTries = 8;

    /// <summary>Room for 7-Zip's listing next to the extracted files (a longer listing is cut, losing packed sizes only).</summary>
    private const long ListingAllowance = 4L * 1024 * 1024;
    private const long AddressSpaceBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>SIGXFSZ: a member reached RLIMIT_FSIZE, the size budget.</summary>
    private const int FileSizeSignalExit = 128 + 25;

    public string Name => "7zz";

    public bool Accepts(ScanItem item) => formats.TypesFor(item) is not null;

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var types = formats.TypesFor(item);
        if (types is null)
        {
            return;
        }

        if (!File.Exists(SevenZipToolRun.Executable))
        {
            context.Incomplete("7zz: 7-Zip is not installed (install the Debian package 7zip)");
            return;
        }

        var availability = await sandbox.CheckAvailabilityAsync().ConfigureAwait(false);
        if (!availability.IsAvailable)
        {
            context.Incomplete($"7zz: sandbox unavailable: {availability.Problem}");
            return;
        }

        var runDirectory = Path.Combine(context.TempDirectory, "7zz-" + Guid.NewGuid().ToString("N"));
        try
        {
            var samplePath = await CopySampleAsync(item.Data, runDirectory, cancellation).ConfigureAwait(false);
            var budget = OutputBudget(item.Size, context.Limits);
            var session = new SevenZipToolSession(sandbox, samplePath, runDirectory, SandboxLimitsFor(budget, context.Limits), context.Limits.ScannerTimeout);
            var run = await session.OpenAsync(types, context, cancellation).ConfigureAwait(false);
            if (run is not null)
            {
                ReportOutcome(run, budget, item.Size, context);
                await EmitFilesAsync(run, context, cancellation).ConfigureAwait(false);
            }
        }
        finally
        {
            DeleteQuietly(runDirectory);
        }
    }

    /// <summary>How much 7-Zip may write: the analysis' whole budget at most, and no more than the ratio allows for
    /// an archive of this size (the ratio floor at least, since small archives of small files are common).</summary>
    internal static long OutputBudget(long archiveSize, Limits limits)
    {
        var ratioBound = archiveSize > long.MaxValue / limits.MaxRatio ? long.MaxValue : archiveSize * limits.MaxRatio;
        return Math.Min(limits.MaxTotalBytes, Math.Max(limits.RatioCheckFloorBytes, ratioBound));
    }

    private static SandboxLimits SandboxLimitsFor(long budget, Limits limits) => new()
    {
        AddressSpaceBytes = AddressSpaceBytes,
        CpuSeconds = (int)Math.Clamp(Math.Ceiling(limits.ScannerTimeout.TotalSeconds), 1, int.MaxValue),
        FileSizeBytes = budget,
        Processes = 64,
        OpenFiles = 256,
        TmpBytes = 16L * 1024 * 1024,
        WorkDirectoryBytes = budget + ListingAllowance,
        WorkDirectoryEntries = (int)Math.Min((2L * limits.MaxFiles) + 16, 200_000),
    };

    private static async Task<string> CopySampleAsync(SampleData data, string runDirectory, CancellationToken cancellation)
    {
        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, "sample");
        var source = data.OpenRead();
        await using (source.ConfigureAwait(false))
        {
            var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await using (target.ConfigureAwait(false))
            {
                await source.CopyToAsync(target, cancellation).ConfigureAwait(false);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            // The sandbox user must be able to reach and read the copy, whatever the service's umask.
            const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            File.SetUnixFileMode(runDirectory, Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(path, Readable);
        }

        return path;
    }

    /// <summary>Says how 7-Zip's run ended: a limit, a timeout, its own errors and warnings.</summary>
    private static void ReportOutcome(SevenZipToolRun run, long budget, long archiveSize, ScanContext context)
    {
        var result = run.Result;
        if (result.Status == SandboxStatus.WorkDirectoryFull || (result.Status == SandboxStatus.Exited && result.ExitCode == FileSizeSignalExit))
        {
            ReportBudgetHit(budget, archiveSize, context);
        }
        else if (result.Status == SandboxStatus.TimedOut)
        {
            context.Incomplete($"7zz: {result.Problem}");
        }
        else if (result.Status == SandboxStatus.Exited && result.ExitCode is not 0)
        {
            ReportExitCode(run, context);
        }

        var warnings = run.Messages.Warnings;
        if (warnings.Count > 0)
        {
            context.Report("7zz-warning", Severity.Info, "7-Zip warned about the archive", evidence: string.Join("; ", warnings));
        }
    }

    private static void ReportBudgetHit(long budget, long archiveSize, ScanContext context)
    {
        if (budget < context.Limits.MaxTotalBytes)
        {
            context.LimitHit("ratio", $"7zz expanded the archive beyond {budget} bytes, {context.Limits.MaxRatio} times its {archiveSize} bytes; the rest was not extracted");
        }
        else
        {
            context.LimitHit("total_size", $"7zz expanded the archive beyond the analysis' size budget of {budget} bytes; the rest was not extracted");
        }
    }

    private static void ReportExitCode(SevenZipToolRun run, ScanContext context)
    {
        var code = run.Result.ExitCode!.Value;
        var errors = run.Messages.Errors.Where(e => !e.Contains("Wrong password", StringComparison.OrdinalIgnoreCase)).ToList();
        var reason = code switch
        {
            1 => null,
            2 when errors.Count > 0 => string.Join("; ", errors),
            2 when run.Messages.WrongPassword => null,
            2 => "fatal error with no message",
            8 => "not enough memory (the sandbox's address-space limit)",
            128 + 9 => "killed",
            128 + 24 => "CPU time limit reached",
            _ => $"exit code {code.ToString(CultureInfo.InvariantCulture)}",
        };
        if (reason is not null)
        {
            context.Incomplete($"7zz: {reason}");
        }
    }

    private static async Task EmitFilesAsync(SevenZipToolRun run, ScanContext context, CancellationToken cancellation)
    {
        var extracted = SandboxFileTree.Walk(run.OutputDirectory, (int)Math.Min((2L * context.Limits.MaxFiles) + 16, 200_000));
        foreach (var link in extracted.Links)
        {
            context.Report("symlink", Severity.Info, "Symbolic link member (not followed)", evidence: $"{Bounded(link.Name)} -> {Bounded(link.Target)}");
        }

        if (extracted.Others > 0)
        {
            context.Report("special-file", Severity.Info, "Members that are neither files, folders nor links were skipped", evidence: extracted.Others.ToString(CultureInfo.InvariantCulture));
        }

        if (extracted.Truncated)
        {
            context.Incomplete($"7zz: the extracted tree is deeper than {SandboxFileTree.MaxDepth} folders or has more entries than the walk allows; the rest was not analysed");
        }

        foreach (var file in extracted.Files)
        {
            if (await EmitFileAsync(file, run.Listing.PackedSize(file.Name), context, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                break;
            }
        }
    }

    private static async Task<EmitResult> EmitFileAsync(SandboxFile file, long? packedSize, ScanContext context, CancellationToken cancellation)
    {
        var stream = file.OpenRead();
        if (stream is null)
        {
            context.Incomplete($"7zz: member {file.Name} could not be read back");
            return EmitResult.Refused;
        }

        await using (stream.ConfigureAwait(false))
        {
            return await context.EmitAsync(stream, file.Name, Relation.Extracted, packedSize, cancellation).ConfigureAwait(false);
        }
    }

    private static string Bounded(string text)
    {
        var cleaned = new string([.. text.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > 200 ? cleaned + "…" : cleaned;
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The analysis' folder is deleted at its end anyway.
        }
    }
}
