using System.Globalization;
using System.Text;
using Crible.Scanners.Office.Ole;

namespace Crible.Scanners.Office.Msg;

/// <summary>A message or attachment storage of an Outlook .msg file: its properties are streams named
/// <c>__substg1.0_</c> + property id + type (001F UTF-16 text, 001E 8-bit text, 0102 binary, 000D object).</summary>
internal sealed class MessageStorage(CompoundFile file, CompoundFileDirectoryEntry storage)
{
    public const string AttachmentPrefix = "__attach_version1.0_#";
    private const int MaxTextBytes = 64 * 1024;

    public CompoundFile File { get; } = file;

    public CompoundFileDirectoryEntry Storage { get; } = storage;

    /// <summary>The attachment storages, in order.</summary>
    public IEnumerable<CompoundFileDirectoryEntry> Attachments =>
        File.ChildrenOf(Storage).Where(e => e.IsStorage && e.Name.StartsWith(AttachmentPrefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>A property stream (<paramref name="tag"/> is id and type, for example <c>37010102</c>).</summary>
    public CompoundFileDirectoryEntry? Stream(string tag) => File.Child(Storage, "__substg1.0_" + tag) is { IsStream: true } entry ? entry : null;

    public CompoundFileDirectoryEntry? SubStorage(string tag) => File.Child(Storage, "__substg1.0_" + tag) is { IsStorage: true } entry ? entry : null;

    /// <summary>A text property (UTF-16 preferred over 8-bit), cut at 64 KiB; null when absent or empty.</summary>
    public string? Text(int propertyId)
    {
        var id = propertyId.ToString("X4", CultureInfo.InvariantCulture);
        if (Stream(id + "001F") is { } unicode)
        {
            return NonEmpty(Encoding.Unicode.GetString(File.ReadStream(unicode, MaxTextBytes, out _)));
        }

        return Stream(id + "001E") is { } ansi ? NonEmpty(Encoding.Latin1.GetString(File.ReadStream(ansi, MaxTextBytes, out _))) : null;
    }

    private static string? NonEmpty(string text)
    {
        var trimmed = text.TrimEnd('\0').Trim();
        return trimmed.Length > 0 ? trimmed : null;
    }
}
