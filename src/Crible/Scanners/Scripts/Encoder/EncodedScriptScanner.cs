using System.Text;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Web;

namespace Crible.Scanners.Scripts.Encoder;

/// <summary>
/// Decodes what the Microsoft Script Encoder hid (.jse and .vbe files, <c>JScript.Encode</c> / <c>VBScript.Encode</c>
/// blocks in HTML applications, Windows Script Files and ASP pages) and emits each script as a <c>decoded</c> child,
/// so the script scanners and the JScript emulator read the program Windows Script Host would run.
/// </summary>
public sealed class EncodedScriptScanner : IScanner
{
    public const string ChildPrefix = "script-encoded@";
    private const int MaxBlocks = 50;
    private const int MaxPreview = 160;
    private const int LanguageLookBehind = 400;

    public string Name => "script-encoder";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == EncodedScriptDetector.Kind || item.Kind == FileKinds.Text || item.Kind == FileKinds.Html || item.Kind == FileKinds.Xml
            || item.Kind == WebKinds.Hta || item.Kind == WebKinds.Wsf || item.Kind == WebKinds.Wsc || ScriptLanguage.Of(item) is not null;
    }

    public async ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        if (item.Size > context.Limits.MaxInMemoryBytes)
        {
            context.Incomplete($"{Name}: {item.Size} bytes is more than the {context.Limits.MaxInMemoryBytes} bytes read in memory");
            return;
        }

        var data = item.Data.ReadAllBytes();
        if (data.AsSpan().IndexOf("#@~^"u8) < 0)
        {
            return;
        }

        var blocks = EncodedScriptReader.Find(data, MaxBlocks + 1);
        if (blocks.Count > MaxBlocks)
        {
            context.Incomplete($"{Name}: only the first {MaxBlocks} encoded scripts were decoded");
            blocks.RemoveAt(MaxBlocks);
        }

        foreach (var block in blocks)
        {
            cancellation.ThrowIfCancellationRequested();
            var dialect = Dialect(item, data, block);
            var technique = dialect is { } known ? ScriptLanguage.Technique(known) : "T1059";
            context.Report("script-encoded", Severity.Suspicious, $"Script hidden with the Microsoft Script Encoder ({EncoderName(dialect)})", Evidence(block), ["T1027", technique]);
            var extension = dialect switch
            {
                ScriptDialect.VbScript => "vbs",
                ScriptDialect.JavaScript => "js",
                _ => "txt",
            };

            if (await context.EmitAsync(block.Script, $"{ChildPrefix}{block.Offset}.{extension}", Relation.Decoded, cancellation).ConfigureAwait(false) == EmitResult.Exhausted)
            {
                return;
            }
        }
    }

    private static string EncoderName(ScriptDialect? dialect) => dialect switch
    {
        ScriptDialect.VbScript => "VBScript.Encode",
        ScriptDialect.JavaScript => "JScript.Encode",
        _ => "JScript.Encode or VBScript.Encode",
    };

    private static string Evidence(EncodedScriptBlock block)
    {
        var text = Encoding.Latin1.GetString(block.Script, 0, Math.Min(block.Script.Length, MaxPreview * 2)).ReplaceLineEndings(" ").Trim();
        var preview = text.Length > MaxPreview ? text[..MaxPreview] + "…" : text;
        var damage = block.Intact ? string.Empty : "; its length or checksum field does not match what was decoded (edited or cut short)";
        return $"block at offset {block.Offset}, {block.Script.Length} bytes decoded{damage}: {preview}";
    }

    /// <summary>
    /// The language the block is written in: what its container says (<c>language="VBScript.Encode"</c> just before
    /// it, a .vbe or .jse name, the dialect of a script extracted from markup), else the look of the decoded text.
    /// </summary>
    private static ScriptDialect? Dialect(ScanItem item, byte[] data, EncodedScriptBlock block)
    {
        var before = Encoding.Latin1.GetString(data, Math.Max(0, block.Offset - LanguageLookBehind), Math.Min(block.Offset, LanguageLookBehind));
        var vbs = before.LastIndexOf("vbscript", StringComparison.OrdinalIgnoreCase);
        var js = before.LastIndexOf("jscript", StringComparison.OrdinalIgnoreCase);
        if (vbs >= 0 || js >= 0)
        {
            return vbs > js ? ScriptDialect.VbScript : ScriptDialect.JavaScript;
        }

        if (ScriptLanguage.FromExtension(item.Extension) is { } named and (ScriptDialect.VbScript or ScriptDialect.JavaScript))
        {
            return named;
        }

        return LooksLike(block.Script);
    }

    private static ScriptDialect? LooksLike(byte[] script)
    {
        var text = Encoding.Latin1.GetString(script, 0, Math.Min(script.Length, 64 * 1024));
        var javaScript = CountAny(text, ["var ", "function", "new ActiveXObject", ";\n", "});", "{"]);
        var vbScript = CountAny(text, ["Dim ", "Set ", "End Sub", "End Function", "End If", "CreateObject(", " Then"]);
        return javaScript == vbScript ? null : javaScript > vbScript ? ScriptDialect.JavaScript : ScriptDialect.VbScript;
    }

    private static int CountAny(string text, string[] words) => words.Count(word => text.Contains(word, StringComparison.OrdinalIgnoreCase));
}
