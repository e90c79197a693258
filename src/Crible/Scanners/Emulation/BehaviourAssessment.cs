using System.Text.RegularExpressions;
using Crible.Model;

namespace Crible.Scanners.Emulation;

/// <summary>
/// Turns what an emulated script did into findings. Malicious only for what a dropper does and a legitimate script
/// has no reason to: fetch something and start a program, write a file and start it, write an executable, try a
/// download on a list of servers in turn, or make itself persistent. A lone request or a lone command is suspicious;
/// the rest is information.
/// </summary>
internal static partial class BehaviourAssessment
{
    // Three unrelated servers asked for the same download: the fallback list droppers carry in case one is taken down.
    // Two is what a mirror and its backup look like.
    private const int MinFallbackHosts = 3;

    // Files and commands compared for write-then-start: enough for any dropper, bounded for a script that logs thousands.
    private const int MaxFilesMatched = 200;

    // Scripts and programs Windows starts by their name (beside the executables).
    private static readonly string[] RunnableExtensions = [".js", ".jse", ".vbs", ".vbe", ".wsf", ".wsh", ".hta", ".bat", ".cmd", ".ps1", ".lnk", ".jar"];
    private static readonly string[] ExecutableExtensions = [".exe", ".dll", ".scr", ".com", ".pif", ".cpl", ".msi", ".sys", ".ocx"];

    /// <param name="interpreter">The ATT&amp;CK id of the script's interpreter (T1059.007 JScript, T1059.005 VBScript).</param>
    public static IEnumerable<Finding> Assess(string scanner, BehaviourLog log, byte[] standIn, string interpreter = "T1059.007")
    {
        var evidence = new EvidenceWriter(standIn);
        var downloads = log.Requests.Count > 0;
        var commandDownloads = log.Commands.Where(c => UrlInCommand().IsMatch(c.CommandLine)).ToList();
        var executables = log.Files.Where(IsExecutable).ToList();
        var malicious = false;

        if ((downloads || commandDownloads.Count > 0) && log.Commands.Count + log.Tasks.Count > 0)
        {
            malicious = true;
            var lines = log.Requests.Select(EvidenceWriter.Request).Concat(log.Files.Select(evidence.File)).Concat(log.Commands.Select(EvidenceWriter.Command)).Concat(log.Tasks.Select(EvidenceWriter.Task));
            yield return new Finding(scanner, "emulation-download-execute", Severity.Malicious,
                "Emulated script downloads a file and starts a program", Join(lines), Techniques(log, interpreter, "T1105"));
        }

        if (executables.Count > 0)
        {
            malicious = true;
            var lines = log.Requests.Select(EvidenceWriter.Request).Concat(executables.Select(evidence.File));
            yield return new Finding(scanner, "emulation-executable-dropped", Severity.Malicious,
                "Emulated script writes a Windows executable to disk", Join(lines), downloads ? [interpreter, "T1105"] : [interpreter]);
        }

        var started = (from file in log.Files.Take(MaxFilesMatched).Where(IsRunnable)
                       from command in log.Commands.Take(MaxFilesMatched)
                       where Names(command.CommandLine, file.Path)
                       select (File: file, Command: command)).ToList();
        if (!malicious && started.Count > 0)
        {
            malicious = true;
            var lines = started.Select(s => evidence.File(s.File)).Concat(started.Select(s => EvidenceWriter.Command(s.Command)));
            yield return new Finding(scanner, "emulation-drop-execute", Severity.Malicious,
                "Emulated script writes a file and starts it", Join(lines), Techniques(log, interpreter));
        }

        var hosts = log.Requests.Select(r => Host(r.Url)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (!malicious && hosts.Count >= MinFallbackHosts)
        {
            malicious = true;
            yield return new Finding(scanner, "emulation-download-fallback", Severity.Malicious,
                $"Emulated script tries {hosts.Count} servers in turn for its download (a dropper's fallback list)",
                Join(log.Requests.Select(EvidenceWriter.Request)), [interpreter, "T1105", "T1008"]);
        }

        var persistence = Persistence(log).ToList();
        if (persistence.Count > 0)
        {
            malicious = true;
            yield return new Finding(scanner, "emulation-persistence", Severity.Malicious,
                "Emulated script makes a program start again by itself (run key, startup folder or scheduled task)",
                Join(persistence.Select(p => p.Evidence)), [interpreter, .. persistence.Select(p => p.Technique).Distinct()]);
        }

        if (!malicious && downloads)
        {
            yield return new Finding(scanner, "emulation-download", Severity.Suspicious,
                "Emulated script fetches a URL", Join(log.Requests.Select(EvidenceWriter.Request).Concat(log.Files.Select(evidence.File))), [interpreter, "T1105"]);
        }

        if (!malicious && log.Commands.Count > 0)
        {
            yield return new Finding(scanner, "emulation-command", Severity.Suspicious,
                "Emulated script starts a program", Join(log.Commands.Select(EvidenceWriter.Command)), Techniques(log, interpreter));
        }

        if (!malicious && !downloads && log.Files.Count > 0)
        {
            yield return new Finding(scanner, "emulation-file-written", Severity.Info,
                "Emulated script writes files", Join(log.Files.Select(evidence.File)));
        }
    }

    private static bool IsRunnable(WrittenFile file) =>
        IsExecutable(file) || RunnableExtensions.Any(e => file.Path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a command line names a written file, by its full path or, run from its folder, by its file
    /// name between separators.</summary>
    private static bool Names(string commandLine, string path)
    {
        if (commandLine.Contains(path, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var name = path[(path.LastIndexOfAny(['\\', '/']) + 1)..];
        var at = name.Length == 0 ? -1 : commandLine.IndexOf(name, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return false;
        }

        var end = at + name.Length;
        return (at == 0 || NameBoundary(commandLine[at - 1]) || commandLine[at - 1] is '\\' or '/') && (end == commandLine.Length || NameBoundary(commandLine[end]));
    }

    private static bool NameBoundary(char c) => char.IsWhiteSpace(c) || c is '"' or '\'';

    private static string? Host(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host : null;

    private static bool IsExecutable(WrittenFile file) =>
        file.Content is [(byte)'M', (byte)'Z', ..] || ExecutableExtensions.Any(e => file.Path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<(string Technique, string Evidence)> Persistence(BehaviourLog log)
    {
        foreach (var (key, value) in log.RegistryWrites.Where(w => RunKey().IsMatch(w.Key)))
        {
            yield return ("T1547.001", $"WScript.Shell.RegWrite {key} = {Clip(value)}");
        }

        foreach (var (name, actions) in log.Tasks)
        {
            yield return ("T1053.005", $"Schedule.Service RegisterTaskDefinition \"{Clip(name)}\": {Clip(actions)}");
        }

        foreach (var file in log.Files.Where(f => StartupFolder().IsMatch(f.Path)))
        {
            yield return ("T1547.001", $"{file.Api} {file.Path} ({file.Content.Length} bytes)");
        }

        foreach (var command in log.Commands)
        {
            if (SchtasksCreate().IsMatch(command.CommandLine))
            {
                yield return ("T1053.005", $"{command.Api} {Clip(command.CommandLine)}");
            }
            else if (RunKey().IsMatch(command.CommandLine) && command.CommandLine.Contains("reg", StringComparison.OrdinalIgnoreCase))
            {
                yield return ("T1547.001", $"{command.Api} {Clip(command.CommandLine)}");
            }
        }
    }

    /// <summary>The ATT&amp;CK ids the commands show: the script interpreter, then what the commands run.</summary>
    private static List<string> Techniques(BehaviourLog log, string interpreter, params string[] more)
    {
        var ids = new List<string> { interpreter };
        ids.AddRange(more);
        foreach (var command in log.Commands)
        {
            if (command.CommandLine.Contains("powershell", StringComparison.OrdinalIgnoreCase))
            {
                ids.Add("T1059.001");
            }

            if (command.CommandLine.Contains("cmd", StringComparison.OrdinalIgnoreCase))
            {
                ids.Add("T1059.003");
            }

            if (command.Api.StartsWith("WMI", StringComparison.Ordinal))
            {
                ids.Add("T1047");
            }
        }

        if (log.Tasks.Count > 0)
        {
            ids.Add("T1053.005");
        }

        return [.. ids.Distinct()];
    }

    internal static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string Join(IEnumerable<string> lines)
    {
        var list = lines.Distinct().Take(40).ToList();
        return string.Join('\n', list);
    }

    [GeneratedRegex(@"\\(Software\\(Wow6432Node\\)?Microsoft\\Windows\\CurrentVersion\\(Run|RunOnce|RunServices|RunServicesOnce|Policies\\Explorer\\Run)|Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon)(\\|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RunKey();

    [GeneratedRegex(@"\\Start Menu\\Programs\\Startup\\", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StartupFolder();

    [GeneratedRegex(@"\bschtasks(\.exe)?\b.*\s/create\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SchtasksCreate();

    [GeneratedRegex(@"\b(https?|ftp)://", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlInCommand();
}
