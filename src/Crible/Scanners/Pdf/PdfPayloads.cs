namespace Crible.Scanners.Pdf;

/// <summary>A JavaScript found in an object: inline text or a reference to the stream that holds it.</summary>
internal sealed record PdfScript(PdfObject Owner, PdfString? Text, int StreamNumber);

/// <summary>
/// What a PDF carries besides its pages: embedded file streams (with the names their file specifications give) and
/// JavaScript (the /JS entries of actions, anywhere in an object's dictionaries and arrays).
/// </summary>
internal sealed class PdfPayloads
{
    private const int MaxDepth = 32;

    private PdfPayloads()
    {
    }

    /// <summary>Embedded file stream object numbers → the file name their file specification gives.</summary>
    public Dictionary<int, string> EmbeddedFileNames { get; } = [];

    public List<PdfScript> Scripts { get; } = [];

    /// <summary>Object numbers of streams that hold JavaScript.</summary>
    public HashSet<int> ScriptStreams { get; } = [];

    public static PdfPayloads Collect(PdfDocument document)
    {
        var payloads = new PdfPayloads();
        foreach (var found in document.Objects)
        {
            if (found.Value is not null)
            {
                payloads.Visit(document, found, found.Value, 0);
            }
        }

        return payloads;
    }

    private void Visit(PdfDocument document, PdfObject owner, PdfValue value, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (value)
        {
            case PdfDictionary dictionary:
                NoteEmbeddedFiles(document, owner, dictionary);
                NoteScript(owner, dictionary);
                foreach (var entry in dictionary.Entries.Values)
                {
                    Visit(document, owner, entry, depth + 1);
                }

                break;
            case PdfArray array:
                foreach (var item in array.Items)
                {
                    Visit(document, owner, item, depth + 1);
                }

                break;
        }
    }

    /// <summary>A file specification: /EF maps keys (/F, /UF, /DOS...) to embedded file streams; its /UF or /F names them.</summary>
    private void NoteEmbeddedFiles(PdfDocument document, PdfObject owner, PdfDictionary dictionary)
    {
        if (document.Resolve(dictionary["EF"]) is not PdfDictionary files)
        {
            return;
        }

        var name = FileName(document, owner, dictionary);
        foreach (var reference in files.Entries.Values.OfType<PdfReference>())
        {
            if (name is not null || !EmbeddedFileNames.ContainsKey(reference.Number))
            {
                EmbeddedFileNames[reference.Number] = name ?? $"obj{reference.Number}.bin";
            }
        }
    }

    private static string? FileName(PdfDocument document, PdfObject owner, PdfDictionary specification)
    {
        foreach (var key in new[] { "UF", "F", "Unix", "DOS", "Mac" })
        {
            if (specification[key] is PdfString text)
            {
                var name = new PdfString(document.StringBytes(owner, text)).Text.Trim('\0', ' ');
                if (name.Length > 0)
                {
                    return name;
                }
            }
        }

        return null;
    }

    private void NoteScript(PdfObject owner, PdfDictionary dictionary)
    {
        switch (dictionary["JS"])
        {
            case PdfString text:
                Scripts.Add(new PdfScript(owner, text, -1));
                break;
            case PdfReference reference:
                Scripts.Add(new PdfScript(owner, null, reference.Number));
                ScriptStreams.Add(reference.Number);
                break;
        }
    }
}
