using Crible.Identification;
using Crible.Model;

namespace Crible.Scanners.Web;

/// <summary>Windows script containers written as markup: what mshta, wscript and regsvr32 run.</summary>
public static class WebKinds
{
    public static readonly FileKind Hta = new("hta", "HTML application (mshta)", FileKinds.ScriptFamily);
    public static readonly FileKind Wsf = new("wsf", "Windows Script File", FileKinds.ScriptFamily);
    public static readonly FileKind Wsc = new("wsc", "Windows Script Component (scriptlet)", FileKinds.ScriptFamily);
}
