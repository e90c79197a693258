using System.Text;
using Crible.Model;

namespace Crible.Identification.Detectors;

/// <summary>Scripts that name their interpreter on a "#!" first line (directly or through /usr/bin/env), which
/// settles the language before any guessing from words.</summary>
public sealed class ShebangDetector : IFileKindDetector
{
    private const int MaxLineLength = 256;

    private static readonly Dictionary<string, FileKind> Interpreters = new (string[] Names, FileKind Kind)[]
    {
        (["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "busybox"], FileKinds.Shell),
        (["python", "pypy"], FileKinds.Python),
        (["perl"], FileKinds.Perl),
        (["node", "nodejs", "deno", "bun"], FileKinds.JavaScript),
        (["pwsh", "powershell"], FileKinds.PowerShell),
    }.SelectMany(group => group.Names.Select(name => (name, group.Kind))).ToDictionary(p => p.name, p => p.Kind, StringComparer.Ordinal);

    public int Priority => DetectorPriority.TextContent;

    public FileKind? Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = probe.Head;
        if (!head.StartsWith("#!"u8))
        {
            return null;
        }

        var line = head[2..Math.Min(head.Length, MaxLineLength)];
        var end = line.IndexOfAny((byte)'\n', (byte)'\r');
        var words = Encoding.Latin1.GetString(end < 0 ? line : line[..end]).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var interpreter = words.Length == 0 ? string.Empty : ProgramName(words[0]);
        if (interpreter == "env")
        {
            // "#!/usr/bin/env -S python3 -u": the program is the first word that is neither an option nor an assignment.
            interpreter = words.Skip(1).Where(w => !w.StartsWith('-') && !w.Contains('=', StringComparison.Ordinal)).Select(ProgramName).FirstOrDefault() ?? string.Empty;
        }

        return Interpreters.GetValueOrDefault(interpreter);
    }

    /// <summary>"/usr/bin/python3.11" → "python": the file name without a version suffix.</summary>
    private static string ProgramName(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.TrimEnd("0123456789.-".ToCharArray());
    }
}
