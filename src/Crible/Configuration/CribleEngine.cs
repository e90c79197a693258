using Crible.Identification;
using Crible.Pipeline;
using Crible.Scanners;
using Crible.Scanners.Archives;
using Crible.Scanners.Carving;
using Crible.Scanners.Executables;
using Crible.Scanners.Emulation;
using Crible.Scanners.Dynamic;
using Crible.Scanners.Installers;
using Crible.Scanners.Iocs;
using Crible.Scanners.Mail;
using Crible.Scanners.Office;
using Crible.Scanners.Pdf;
using Crible.Scanners.Scripts;
using Crible.Scanners.Web;
using Crible.Scanners.Signatures;
using Crible.Scanners.Signatures.ClamAv;
using Crible.Scanners.Signatures.Yara;

namespace Crible.Configuration;

/// <summary>
/// The configured analyser with the signatures it loaded. Problems while loading (a broken rule file, a bad line in
/// a hash list) are collected in <see cref="Problems"/>: the rest still loads.
/// </summary>
public sealed class CribleEngine : IDisposable
{
    private readonly List<IDisposable> _owned;

    private CribleEngine(Analyser analyser, string rulesVersion, IReadOnlyList<string> problems, List<IDisposable> owned)
    {
        Analyser = analyser;
        RulesVersion = rulesVersion;
        Problems = problems;
        _owned = owned;
    }

    public Analyser Analyser { get; }

    /// <summary>A short digest of what decides verdicts (Crible's build, its scanners, the YARA sources, the hash
    /// lists), so caches and reports can name the engine and rules they came from.</summary>
    public string RulesVersion { get; }

    /// <summary>What could not be loaded, one sentence each naming the file (and line where known).</summary>
    public IReadOnlyList<string> Problems { get; }

    public static CribleEngine Load(CribleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var owned = new List<IDisposable>();
        var scanners = new List<IScanner>();
        var yaraVersion = "none";

        var hashes = options.Signatures.BuiltIn ? BuiltInHashes.Load() : HashList.Empty;
        foreach (var path in options.Signatures.HashLists)
        {
            try
            {
                hashes = hashes.Merge(HashList.Load(path, out var rejected));
                problems.AddRange(rejected.Take(20));
                if (rejected.Count > 20)
                {
                    problems.Add($"{path}: {rejected.Count - 20} more lines rejected");
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{path}: cannot read the hash list ({exception.Message})");
            }
        }

        scanners.Add(new HashListScanner(hashes));

        var sources = new List<YaraSource>();
        if (options.Signatures.BuiltIn)
        {
            sources.AddRange(BuiltInRules.Load());
        }

        sources.AddRange(YaraSource.FromPaths(options.Signatures.YaraRules));
        if (sources.Count > 0)
        {
            var compilation = YaraRuleSet.Compile(sources);
            problems.AddRange(compilation.Errors.Select(e => e.ToString()));
            owned.Add(compilation.Rules);
            scanners.Add(new YaraScanner(compilation.Rules));
            yaraVersion = compilation.Rules.Version;
        }

        var clamdVersion = "none";
        if (options.Signatures.ClamAv.Address is { Length: > 0 } clamdAddress)
        {
            var clamd = new ClamdClient(ClamdClient.ParseAddress(clamdAddress), options.Signatures.ClamAv.Timeout);
            scanners.Add(new ClamAvScanner(clamd, options.Signatures.ClamAv));
            clamdVersion = ClamdVersion(clamd, problems);
        }

        var scannerSettings = new ScannerSettings(options.TempDirectory ?? Path.Combine(Path.GetTempPath(), "crible"));
        scanners.AddRange(ArchivesScanners.Create(scannerSettings));
        scanners.AddRange(ToolScanners.Create(scannerSettings));
        scanners.AddRange(MailScanners.Create(scannerSettings));
        scanners.AddRange(WebScanners.Create(scannerSettings));
        scanners.AddRange(OfficeScanners.Create(scannerSettings, options.OfficeDecryption));
        scanners.AddRange(PdfScanners.Create(scannerSettings));
        scanners.AddRange(CarvingScanners.Create(scannerSettings));
        scanners.AddRange(InstallersScanners.Create(scannerSettings));
        scanners.AddRange(ExecutablesScanners.Create(scannerSettings));
        scanners.AddRange(ScriptsScanners.Create(scannerSettings));
        scanners.AddRange(IocsScanners.Create(scannerSettings));
        scanners.AddRange(EmulationScanners.Create(scannerSettings, options.Emulation));
        scanners.AddRange(DynamicScanners.Create(scannerSettings, options.Dynamic));

        var settings = new AnalysisSettings
        {
            Limits = options.Limits,
            Passwords = options.Passwords ?? AnalysisSettings.DefaultPasswords,
            Concurrency = options.Concurrency ?? Math.Max(1, Environment.ProcessorCount),
            TempRoot = options.TempDirectory ?? Path.Combine(Path.GetTempPath(), "crible"),
        };
        // What can change a verdict: the code, the scanners, the rules, the hash lists.
        var identity = string.Join('|', typeof(CribleEngine).Assembly.ManifestModule.ModuleVersionId, string.Join(',', scanners.Select(s => s.Name)), yaraVersion, hashes.Fingerprint(), clamdVersion);
        var rulesVersion = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity)))[..12];
        return new CribleEngine(new Analyser(FileIdentifier.CreateDefault(), scanners, settings), rulesVersion, problems, owned);
    }

    /// <summary>clamd's engine and database version (part of the rules version, so a signature update
    /// invalidates cached verdicts at the next reload); an unreachable clamd is a problem, not a failure.</summary>
    private static string ClamdVersion(ClamdClient clamd, List<string> problems)
    {
        try
        {
            return clamd.VersionAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is System.Net.Sockets.SocketException or IOException or OperationCanceledException)
        {
            problems.Add($"clamav: clamd at {clamd.Endpoint} does not answer ({exception.Message}); files will be incomplete until it does");
            return "unreachable";
        }
    }

    public void Dispose()
    {
        foreach (var disposable in _owned)
        {
            disposable.Dispose();
        }
    }
}
