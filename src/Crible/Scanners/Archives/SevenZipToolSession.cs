using Crible.Model;
using Crible.Pipeline;
using Crible.Sandbox;

namespace Crible.Scanners.Archives;

/// <summary>
/// Finds the 7-Zip run worth keeping for one archive: the first type 7-Zip recognises, then, when it reports a
/// wrong password, the first known password that opens it (at most <see cref="SevenZipToolScanner.MaxPasswordTries"/>,
/// each in a fresh sandbox). Says so when the sandbox is unavailable or no password works.
/// </summary>
internal sealed class SevenZipToolSession(BubblewrapSandbox sandbox, string samplePath, string runDirectory, SandboxLimits limits, TimeSpan timeout)
{
    /// <summary>The run to report and emit, or null when nothing could run.</summary>
    public async Task<SevenZipToolRun?> OpenAsync(IReadOnlyList<string> types, ScanContext context, CancellationToken cancellation)
    {
        SevenZipToolRun? run = null;
        var type = types[0];
        foreach (var candidate in types)
        {
            run?.Delete();
            type = candidate;
            run = await StartAsync(string.Empty, type, cancellation).ConfigureAwait(false);
            if (run.Result.Status == SandboxStatus.Unavailable)
            {
                context.Incomplete($"7zz: sandbox unavailable: {run.Result.Problem}");
                return null;
            }

            if (!run.Messages.CannotOpenAsType)
            {
                break;
            }
        }

        return run is not null && run.Messages.WrongPassword
            ? await TryPasswordsAsync(run, type, context, cancellation).ConfigureAwait(false)
            : run;
    }

    private async Task<SevenZipToolRun> TryPasswordsAsync(SevenZipToolRun withoutPassword, string type, ScanContext context, CancellationToken cancellation)
    {
        foreach (var password in context.Passwords.Where(p => p.Length > 0).Take(SevenZipToolScanner.MaxPasswordTries))
        {
            var attempt = await StartAsync(password, type, cancellation).ConfigureAwait(false);
            if (attempt.Result.Status != SandboxStatus.Unavailable && !attempt.Messages.WrongPassword && !attempt.Messages.CannotOpenAsType)
            {
                withoutPassword.Delete();
                context.Report("password", Severity.Info, "Encrypted content opened with a known password", evidence: $"'{password}'");
                return attempt;
            }

            attempt.Delete();
        }

        context.Incomplete("encrypted: 7zz: no known password opens the encrypted content");
        return withoutPassword;
    }

    private Task<SevenZipToolRun> StartAsync(string password, string type, CancellationToken cancellation) =>
        SevenZipToolRun.StartAsync(sandbox, samplePath, runDirectory, password, type, limits, timeout, cancellation);
}
