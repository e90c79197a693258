using System.Globalization;
using System.Text;
using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;
using Crible.Scanners.Office.Equation;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office;

/// <summary>
/// Equation Editor 3.0 objects (EQNEDT32.EXE, the target of CVE-2017-11882 and CVE-2018-0802). An OLE2 file is one
/// when its root storage has the editor's class, its \u0001CompObj names Equation.3, or it holds an
/// "Equation Native" stream: each embedded object reaches this scanner as an OLE2 file of its own (Word's ObjectPool
/// and Excel's MBD storages emitted by the <c>ole</c> scanner, OOXML's embeddings/*.bin, RTF \objdata native data),
/// so only the root is looked at and an object is reported once. Such an object is suspicious: nobody has needed the
/// 2000-era editor since Office 2007. An equation whose FONT record carries a name longer than any font name can be
/// (31 characters, LF_FACESIZE) overruns the buffers those exploits overflow, and is malicious.
/// </summary>
public sealed class EquationEditorScanner : IScanner
{
    public const string ProgId = "Equation.3";

    /// <summary>The longest face name Windows keeps (LF_FACESIZE 32, the terminating zero included): a longer
    /// one overflows the face name CVE-2018-0802 overruns.</summary>
    public const int MaxFontNameLength = 31;

    /// <summary>CVE-2017-11882 copies the font name into a 40-byte (0x28) stack buffer.</summary>
    public const int Cve201711882BufferLength = 40;

    public static readonly Guid EquationClsid = new("0002CE02-0000-0000-C000-000000000046");

    private const string EquationNative = "Equation Native";
    private const string Ole10Native = "\u0001Ole10Native";
    private const string CompObj = "\u0001CompObj";
    private const int MaxCompObjBytes = 4096;
    private static readonly string[] Attack = ["T1203"];

    public string Name => "equation-editor";

    public bool Accepts(ScanItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return OfficeKinds.IsOle2(item.Kind) && item.Kind != FileKinds.Msi && item.Kind != FileKinds.Msg;
    }

    public ValueTask ScanAsync(ScanItem item, ScanContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        using var file = OleFiles.Open(item, context, reportFailure: false);
        if (file is null)
        {
            return ValueTask.CompletedTask;
        }

        var signs = new List<string>();
        if (file.Root.Clsid == EquationClsid)
        {
            signs.Add($"root storage class {{{EquationClsid.ToString().ToUpperInvariant()}}}");
        }

        if (file.Child(file.Root, CompObj) is { IsStream: true } compObj && NamesEquation(file.ReadStream(compObj, MaxCompObjBytes, out _)))
        {
            signs.Add($"\\u0001CompObj names {ProgId}");
        }

        var native = file.Child(file.Root, EquationNative) is { IsStream: true } equationNative ? equationNative : null;
        if (native is not null)
        {
            signs.Add("an \"Equation Native\" stream");
        }
        else if (signs.Count > 0 && file.Child(file.Root, Ole10Native) is { IsStream: true } ole10Native)
        {
            native = ole10Native;
        }

        if (signs.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal) { ["clsid"] = EquationClsid.ToString("B").ToUpperInvariant(), ["signs"] = string.Join("; ", signs) };
        context.Report("equation-editor-object", Severity.Suspicious, "Equation Editor 3.0 object (the component CVE-2017-11882 and CVE-2018-0802 exploit)", string.Join("; ", signs), Attack, meta);
        if (native is not null)
        {
            var maxBytes = (int)Math.Min(context.Limits.MaxInMemoryBytes, Array.MaxLength);
            ReportEquation(OleStreamNames.Escape(native.Name), file.ReadStream(native, maxBytes, out _), context);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The CompObj stream's user type, clipboard format and ProgID are 8-bit strings; the ProgID is what
    /// exploit builders keep (Equation.3, in any case).</summary>
    private static bool NamesEquation(byte[] compObj) =>
        Encoding.Latin1.GetString(compObj).Contains(ProgId, StringComparison.OrdinalIgnoreCase);

    private static void ReportEquation(string stream, byte[] bytes, ScanContext context)
    {
        if (MtefReader.ReadStream(bytes) is not { } equation)
        {
            context.Report("equation-unreadable", Severity.Info, $"The {stream} stream holds no MTEF equation", $"{bytes.Length} bytes");
            return;
        }

        if (equation.Problem is not null)
        {
            context.Report("equation-partly-read", Severity.Info, $"The equation in {stream} was read up to a record the reader does not know", equation.Problem);
        }

        foreach (var font in equation.Fonts.Where(f => f.NameLength > MaxFontNameLength))
        {
            var overrun = font.NameLength >= Cve201711882BufferLength
                ? $"overruns the {Cve201711882BufferLength}-byte buffer of CVE-2017-11882 and the {MaxFontNameLength + 1}-byte face name of CVE-2018-0802"
                : $"overruns the {MaxFontNameLength + 1}-byte face name of CVE-2018-0802";
            var evidence = string.Create(CultureInfo.InvariantCulture, $"{stream}: FONT record at offset {font.Offset} (0x{font.Offset:X}), name of {font.NameLength} bytes{(font.Terminated ? string.Empty : " without a terminating zero")}: {font.Name}");
            var meta = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["stream"] = stream,
                ["offset"] = font.Offset.ToString(CultureInfo.InvariantCulture),
                ["name_length"] = font.NameLength.ToString(CultureInfo.InvariantCulture),
                ["cve"] = font.NameLength >= Cve201711882BufferLength ? "CVE-2017-11882, CVE-2018-0802" : "CVE-2018-0802",
            };
            context.Report("equation-font-overflow", Severity.Malicious, $"Equation Editor font name of {font.NameLength} bytes {overrun}", evidence, Attack, meta);
        }
    }
}
