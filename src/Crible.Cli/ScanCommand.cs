using System.CommandLine;
using Crible.Configuration;
using Crible.Model;
using Crible.Reporting;
using Spectre.Console;

namespace Crible.Cli;

/// <summary><c>crible scan FILE_OR_DIR...</c>: analyses files and prints a verdict for each.</summary>
internal static class ScanCommand
{
    public static Command Create(Option<string?> configOption)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders to analyse (folders are walked)", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON report per file (JSON Lines)" };
        var rules = new Option<string[]>("--rules") { Description = "A YARA rule file or a folder of *.yar/*.yara rules (repeatable)", AllowMultipleArgumentsPerToken = false };
        var hashes = new Option<string[]>("--hashes") { Description = "A known-bad hash list: md5|sha1|sha256[;description] per line (repeatable)" };
        var passwords = new Option<string[]>("--password") { Description = "A password to try on encrypted archives and documents, before the configured ones (repeatable)" };
        var noBuiltIn = new Option<bool>("--no-builtin") { Description = "Do not load Crible's built-in rules and hashes" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print informational findings" };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Files analysed at once (default: number of processors)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the files that are not clean" };

        var command = new Command("scan", "Analyse files and folders and print a verdict for each")
        {
            paths, json, rules, hashes, passwords, noBuiltIn, verbose, jobs, quiet,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = OptionsLoader.Load(parse.GetValue(configOption));
            options.Signatures.YaraRules.AddRange(parse.GetValue(rules) ?? []);
            options.Signatures.HashLists.AddRange(parse.GetValue(hashes) ?? []);
            if (parse.GetValue(noBuiltIn))
            {
                options.Signatures.BuiltIn = false;
            }

            var request = new ScanRequest(
                parse.GetValue(paths) ?? [],
                parse.GetValue(json),
                parse.GetValue(verbose),
                parse.GetValue(passwords) ?? [],
                parse.GetValue(jobs),
                parse.GetValue(quiet));
            return await RunAsync(options, request, cancellation).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> RunAsync(CribleOptions options, ScanRequest request, CancellationToken cancellation)
    {
        var stdout = ConsoleFor(Console.Out, Console.IsOutputRedirected);
        var stderr = ConsoleFor(Console.Error, Console.IsErrorRedirected);
        var errors = 0;
        void Error(string message)
        {
            Interlocked.Increment(ref errors);
            stderr.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        }

        foreach (var path in options.Signatures.YaraRules.Concat(options.Signatures.HashLists))
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                Error($"{path}: no such rule file or folder");
                return ExitCodes.UsageOrIoError;
            }
        }

        using var engine = CribleEngine.Load(options);
        foreach (var problem in engine.Problems)
        {
            stderr.MarkupLine($"[yellow]warning:[/] {Markup.Escape(problem)}");
        }

        var files = FileWalker.Expand(request.Paths, Error);
        var verdicts = new List<Verdict>();
        var gate = new Lock();
        var printer = new ReportPrinter(stdout, request.Verbose);

        async Task AnalyseOne(string path, CancellationToken token)
        {
            Report report;
            try
            {
                report = await engine.Analyser.AnalyseFileAsync(path, Path.GetFileName(path), request.Passwords, token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                var hint = exception is FileNotFoundException ? " (the name may not be valid UTF-8)" : string.Empty;
                Error($"{path}: cannot read ({exception.Message}){hint}");
                return;
            }

            report = report with { Source = path, RulesVersion = engine.RulesVersion };
            lock (gate)
            {
                verdicts.Add(report.Verdict);
                if (request.Json)
                {
                    Console.Out.WriteLine(ReportJson.Serialize(report));
                }
                else if (!request.Quiet || report.Verdict != Verdict.Clean)
                {
                    printer.Print(report);
                }
            }
        }

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = request.Jobs ?? Math.Max(1, Environment.ProcessorCount),
            CancellationToken = cancellation,
        };
        // The bar goes where a person is looking and where it cannot mix with the reports: on the terminal's
        // stdout for human output (Spectre redraws it under each report), on stderr when stdout is a file or pipe.
        var progressConsole = files.Count <= 1 ? null
            : !Console.IsOutputRedirected ? (request.Json ? null : stdout)
            : !Console.IsErrorRedirected ? stderr
            : null;
        if (progressConsole is not null)
        {
            await progressConsole.Progress().AutoClear(true).StartAsync(async progress =>
            {
                var task = progress.AddTask("Scanning", maxValue: files.Count);
                await Parallel.ForEachAsync(files, parallel, async (path, token) =>
                {
                    await AnalyseOne(path, token).ConfigureAwait(false);
                    task.Increment(1);
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        else
        {
            await Parallel.ForEachAsync(files, parallel, async (path, token) => await AnalyseOne(path, token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        if (!request.Json)
        {
            var malicious = verdicts.Count(v => v == Verdict.Malicious);
            var unanalysable = verdicts.Count(v => v == Verdict.Unanalysable);
            stderr.MarkupLine($"[grey]{verdicts.Count} files analysed: {malicious} malicious, {unanalysable} unanalysable, {verdicts.Count - malicious - unanalysable} clean, {errors} errors[/]");
        }

        return verdicts.Contains(Verdict.Malicious) ? ExitCodes.Malicious
            : errors > 0 ? ExitCodes.UsageOrIoError
            : verdicts.Contains(Verdict.Unanalysable) ? ExitCodes.Unanalysable
            : ExitCodes.Clean;
    }

    /// <summary>A console that does not wrap lines or colour them when they go to a file or a pipe.</summary>
    private static IAnsiConsole ConsoleFor(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 100_000;
        }

        return console;
    }
}

/// <summary>What one <c>crible scan</c> was asked to do.</summary>
internal sealed record ScanRequest(IReadOnlyList<string> Paths, bool Json, bool Verbose, IReadOnlyList<string> Passwords, int? Jobs, bool Quiet = false);
