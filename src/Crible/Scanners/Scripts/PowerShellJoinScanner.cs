using System.Text;
using System.Text.RegularExpressions;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Web;

namespace Crible.Scanners.Scripts;

/// <summary>
/// PowerShell that hides its code in string variables and runs their sum (<c>$a='Set-Execu';$b='tionPolicy';
/// Invoke-Expression ($a+$b)</c>): every parenthesised sum of quoted strings and variables assigned a literal is
/// joined and emitted as a <c>decoded</c> child, so the script scanners and the IOC scanner read the code that runs.
/// A line given to <c>cmd /c</c> loses its caret escapes first, as cmd strips them before PowerShell starts. Text and
/// batch files are read too when they start PowerShell: a command line made of quoted fragments has no words to be
/// identified by.
/// </summary>
public sealed class PowerShellJoinScanner : IScanner
{
    // Named like the decoded commands, so the script scanner judges the joined code as hidden code.
    public const string ChildPrefix = EncodedCommandScanner.ChildPrefix + "-joined";
    private const int MinTerms = 3;
    private const int MaxJoined = 20;
    private const int MaxJoinedLength = 256 * 1024;
    private const int MaxEvidence = 300;
    private const string Quoted = @"'(?:[^']|'')*'";
    private static readonly Regex CmdPrefix = TextPatterns.Create(@"^\s*""?(?:[a-z]:\\[^""\r\n]*\\)?cmd(?:\.exe)?""?\s+(?:/[a-z]\s+)*/[ck]\b");
    private static readonly Regex Assignment = TextPatterns.Create(@"\$(?<name>[a-z_][\w]*)\s*=\s*(?<value>" + Quoted + @")\s*(?=;|\r|\n|$)");
    private static readonly Regex Sum = TextPatterns.Create(@"\(\s*(?<terms>(?:\$[a-z_]\w*|" + Quoted + @")(?:\s*\+\s*(?:\$[a-z_]\w*|" + Quoted + @"))+)\s*\)");
    private static readonly Regex Term = TextPatterns.Create(@"\$(?<name>[a-z_]\w*)|(?<literal>" + Quoted + ")");

    public string Name => "ps-join";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == FileKinds.PowerShell || item.Kind == FileKinds.Batch || item.Kind == FileKinds.Text;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        // A command line of fragments in quotes reads as text: what names PowerShell is then its invocation.
        if (WebText.Read(item, context) is not { } text || (item.Kind != FileKinds.PowerShell && !text.Contains("powershell", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        List<string> joined;
        try
        {
            joined = Join(text);
        }
        catch (RegexMatchTimeoutException)
        {
            context.Incomplete($"{Name}: pattern matching took longer than {TextPatterns.Timeout.TotalSeconds} s on this file");
            return;
        }

        var number = 0;
        foreach (var code in joined.Take(MaxJoined))
        {
            context.Report("ps-string-join", Severity.Suspicious, "PowerShell code joined from string variables before it runs",
                code.Length <= MaxEvidence ? code : code[..MaxEvidence] + "…", ["T1027", "T1059.001"]);
            if (await context.EmitAsync(Encoding.UTF8.GetBytes(code), $"{ChildPrefix}-{++number}.ps1", Relation.Decoded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }

        if (joined.Count > MaxJoined)
        {
            context.Incomplete($"{Name}: only the first {MaxJoined} joined strings were emitted");
        }
    }

    /// <summary>The distinct strings the script's sums of literals and literal-valued variables make, in order.</summary>
    internal static List<string> Join(string text)
    {
        if (CmdPrefix.IsMatch(text))
        {
            text = text.Replace("^^", "\u0001", StringComparison.Ordinal).Replace("^", string.Empty, StringComparison.Ordinal).Replace('\u0001', '^');
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in Assignment.Matches(text))
        {
            values[match.Groups["name"].Value] = Unquote(match.Groups["value"].Value);
        }

        var results = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (values.Count == 0)
        {
            return results;
        }

        foreach (Match sum in Sum.Matches(text))
        {
            if (Resolve(sum.Groups["terms"].Value, values) is { } code && seen.Add(code))
            {
                results.Add(code);
                if (results.Count > MaxJoined)
                {
                    break;
                }
            }
        }

        return results;
    }

    /// <summary>The joined string, or null when a variable is unknown, too few terms are variables, or it grows too long.</summary>
    private static string? Resolve(string terms, Dictionary<string, string> values)
    {
        var joined = new StringBuilder();
        int count = 0, variables = 0;
        foreach (Match term in Term.Matches(terms))
        {
            count++;
            if (term.Groups["literal"].Success)
            {
                joined.Append(Unquote(term.Groups["literal"].Value));
            }
            else if (values.TryGetValue(term.Groups["name"].Value, out var value))
            {
                variables++;
                joined.Append(value);
            }
            else
            {
                return null;
            }

            if (joined.Length > MaxJoinedLength)
            {
                return null;
            }
        }

        return count >= MinTerms && variables > 0 ? joined.ToString() : null;
    }

    private static string Unquote(string literal) => literal[1..^1].Replace("''", "'", StringComparison.Ordinal);
}
