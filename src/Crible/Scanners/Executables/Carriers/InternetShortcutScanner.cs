using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Executables.Carriers;

/// <summary>
/// Internet shortcuts (.url, .website) and Explorer command files (.scf): where they point and which icon they load.
/// A file:// or UNC target on another machine runs remote content with fewer warnings (the SmartScreen bypasses of
/// CVE-2024-21412 and CVE-2023-36025); a remote icon makes Explorer send the user's NTLM hash when the folder opens.
/// </summary>
public sealed class InternetShortcutScanner : IScanner
{
    private static readonly string[] RunnableExtensions = [".exe", ".scr", ".bat", ".cmd", ".com", ".pif", ".hta", ".js", ".jse", ".vbs", ".vbe", ".wsf", ".ps1", ".cpl", ".msi", ".lnk", ".url", ".dll", ".zip", ".iso", ".img", ".vhd", ".vhdx"];

    public string Name => "internet-shortcut";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == CarrierKinds.InternetShortcut || item.Kind == CarrierKinds.Scf;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var text = await CarrierText.ReadAsync(item, cancellation).ConfigureAwait(false);
        var isScf = item.Kind == CarrierKinds.Scf;
        foreach (var url in CarrierText.Values(text, "URL"))
        {
            ReportTarget(context, url);
        }

        foreach (var command in CarrierText.Values(text, "Command"))
        {
            context.Indicator(IndicatorKind.Command, command);
            var (program, arguments) = CommandLines.Split(command);
            var analysis = CommandLines.Analyse(program, arguments);
            context.Report("scf-command", analysis.IsMalicious ? Severity.Malicious : Severity.Suspicious, "The file runs an Explorer command when opened", command, ["T1204.002", .. analysis.Attack]);
        }

        foreach (var icon in CarrierText.Values(text, "IconFile"))
        {
            context.Indicator(IndicatorKind.Path, icon);
            if (CarrierText.IsRemoteFile(icon) || icon.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                context.Report("remote-icon", Severity.Suspicious, "The icon is loaded from another machine: opening the folder sends the user's credentials (NTLM) there", icon, ["T1187"]);
            }
        }

        if (isScf)
        {
            context.Report("scf", Severity.Info, "Windows Explorer command file", $"{text.Length} characters");
        }
    }

    private static void ReportTarget(ScanContext context, string url)
    {
        CommandLines.RecordIndicators(context, url);
        if (CarrierText.IsRemoteFile(url))
        {
            context.Indicator(IndicatorKind.Path, url);
            var runs = RunnableExtensions.Any(e => url.TrimEnd('/').EndsWith(e, StringComparison.OrdinalIgnoreCase));
            context.Report(
                "remote-file-target",
                runs ? Severity.Malicious : Severity.Suspicious,
                runs ? "The shortcut opens a program or container on another machine through file:// or SMB/WebDAV" : "The shortcut opens a location on another machine through file:// or SMB/WebDAV",
                url,
                ["T1204.002", "T1553.005", "T1187"]);
        }
        else if (url.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && RunnableExtensions.Any(e => url.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            context.Report("local-program-target", Severity.Suspicious, "The shortcut runs a local program", url, ["T1204.002"]);
        }
        else
        {
            context.Report("url", Severity.Info, "Internet shortcut", url);
        }
    }
}
