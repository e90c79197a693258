namespace Crible.Scanners.Pdf;

/// <summary>An action dictionary (<c>/S /JavaScript</c>, <c>/Launch</c>, <c>/URI</c>...) and whether it runs by itself
/// when the document or a page opens (<c>/OpenAction</c>, the catalog's and pages' <c>/AA</c>, document-level
/// scripts in the <c>/Names /JavaScript</c> tree) rather than on a click or a field event.</summary>
internal sealed record PdfAction(PdfObject Owner, string Type, PdfDictionary Dictionary, bool RunsOnOpen);

/// <summary>
/// Finds the actions of a PDF and which of them run on opening. Dictionaries are walked to a bounded depth, name
/// trees and <c>/Next</c> chains to a bounded length, and references resolved through the document (itself bounded).
/// </summary>
internal static class PdfActions
{
    private const int MaxDepth = 32;
    private const int MaxChain = 64;
    private const int MaxActions = 10_000;

    public static List<PdfAction> Collect(PdfDocument document)
    {
        var onOpen = new HashSet<PdfDictionary>(ReferenceEqualityComparer.Instance);
        foreach (var found in document.Objects.Where(o => o.Dictionary is not null))
        {
            var dictionary = found.Dictionary!;
            var type = dictionary.NameOf("Type");
            if (type == "Catalog")
            {
                MarkChain(document, dictionary["OpenAction"], onOpen);
                MarkTriggers(document, dictionary["AA"], onOpen, null);
                if (document.Resolve(dictionary["Names"]) is PdfDictionary names)
                {
                    MarkNameTree(document, names["JavaScript"], onOpen);
                }
            }
            else if (type == "Page")
            {
                MarkTriggers(document, dictionary["AA"], onOpen, "O");
            }
        }

        var actions = new List<PdfAction>();
        foreach (var found in document.Objects.Where(o => o.Value is not null))
        {
            Visit(found, found.Value!, 0, onOpen, actions);
        }

        return actions;
    }

    private static void Visit(PdfObject owner, PdfValue value, int depth, HashSet<PdfDictionary> onOpen, List<PdfAction> actions)
    {
        if (depth > MaxDepth || actions.Count >= MaxActions)
        {
            return;
        }

        switch (value)
        {
            case PdfDictionary dictionary:
                if (dictionary.NameOf("S") is { } type && (dictionary["Type"] is null || dictionary.NameOf("Type") == "Action"))
                {
                    actions.Add(new PdfAction(owner, type, dictionary, onOpen.Contains(dictionary)));
                }
                else if (dictionary["JS"] is not null)
                {
                    actions.Add(new PdfAction(owner, "JavaScript", dictionary, onOpen.Contains(dictionary)));
                }

                foreach (var entry in dictionary.Entries.Values)
                {
                    Visit(owner, entry, depth + 1, onOpen, actions);
                }

                break;
            case PdfArray array:
                foreach (var item in array.Items)
                {
                    Visit(owner, item, depth + 1, onOpen, actions);
                }

                break;
        }
    }

    /// <summary>An additional-actions dictionary: every trigger of the catalog, only <paramref name="only"/> (page
    /// open) of a page.</summary>
    private static void MarkTriggers(PdfDocument document, PdfValue? value, HashSet<PdfDictionary> onOpen, string? only)
    {
        if (document.Resolve(value) is not PdfDictionary triggers)
        {
            return;
        }

        foreach (var (key, action) in triggers.Entries)
        {
            if (only is null || key == only)
            {
                MarkChain(document, action, onOpen);
            }
        }
    }

    /// <summary>An action and those its <c>/Next</c> entries chain to.</summary>
    private static void MarkChain(PdfDocument document, PdfValue? value, HashSet<PdfDictionary> onOpen)
    {
        var pending = new Queue<PdfValue?>([value]);
        for (var step = 0; step < MaxChain && pending.Count > 0; step++)
        {
            switch (document.Resolve(pending.Dequeue()))
            {
                case PdfDictionary action when onOpen.Add(action):
                    pending.Enqueue(action["Next"]);
                    break;
                case PdfArray array:
                    foreach (var item in array.Items.Take(MaxChain))
                    {
                        pending.Enqueue(item);
                    }

                    break;
            }
        }
    }

    /// <summary>The leaves of a name tree (<c>/Names [key value ...]</c>, <c>/Kids</c>): document-level scripts.</summary>
    private static void MarkNameTree(PdfDocument document, PdfValue? root, HashSet<PdfDictionary> onOpen)
    {
        var pending = new Queue<PdfValue?>([root]);
        for (var step = 0; step < MaxActions && pending.Count > 0; step++)
        {
            if (document.Resolve(pending.Dequeue()) is not PdfDictionary node)
            {
                continue;
            }

            if (document.Resolve(node["Names"]) is PdfArray leaves)
            {
                for (var index = 1; index < leaves.Items.Count; index += 2)
                {
                    MarkChain(document, leaves.Items[index], onOpen);
                }
            }

            if (document.Resolve(node["Kids"]) is PdfArray kids)
            {
                foreach (var kid in kids.Items.Take(MaxChain))
                {
                    pending.Enqueue(kid);
                }
            }
        }
    }
}
