namespace Crible.Scanners.Archives;

/// <summary>
/// What 7-Zip said about an archive, sorted from its output: errors (the archive or members could not be read),
/// warnings (for example data after the end of the archive), a wrong or missing password, and "cannot open as this
/// type". Only known shapes of line are kept, each bounded, so a hostile member name cannot flood a report.
/// </summary>
internal sealed class SevenZipToolMessages
{
    private const int MaxMessages = 20;
    private const int MaxMessageLength = 300;

    private readonly List<string> _errors = [];
    private readonly List<string> _warnings = [];

    public IReadOnlyList<string> Errors => _errors;

    public IReadOnlyList<string> Warnings => _warnings;

    public bool WrongPassword { get; private set; }

    /// <summary>7-Zip did not recognise the file as the type it was told to open.</summary>
    public bool CannotOpenAsType { get; private set; }

    /// <param name="samplePath">The archive's path as 7-Zip saw it; lines that only name it say nothing.</param>
    public static SevenZipToolMessages Parse(string output, string samplePath)
    {
        var messages = new SevenZipToolMessages();
        List<string>? block = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line == samplePath)
            {
                continue;
            }

            if (line.Length == 0)
            {
                block = null;
                continue;
            }

            if (line.Contains("Wrong password", StringComparison.OrdinalIgnoreCase))
            {
                messages.WrongPassword = true;
            }

            if (line.StartsWith("Open ERROR: Cannot open the file as", StringComparison.Ordinal) || line == "Is not archive")
            {
                messages.CannotOpenAsType = true;
            }

            if (line is "ERRORS:" or "ERROR:")
            {
                block = messages._errors;
            }
            else if (line is "WARNINGS:" or "Open WARNING:")
            {
                block = messages._warnings;
            }
            else if (line.StartsWith("ERROR: ", StringComparison.Ordinal) || line.StartsWith("Open ERROR: ", StringComparison.Ordinal))
            {
                var message = line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..];
                if (message != samplePath)
                {
                    Add(messages._errors, message);
                }
            }
            else if (line.StartsWith("WARNING: ", StringComparison.Ordinal) || line.StartsWith("Open WARNING: ", StringComparison.Ordinal))
            {
                Add(messages._warnings, line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
            }
            else if (block is not null && !line.Contains(" = ", StringComparison.Ordinal))
            {
                Add(block, line);
            }
        }

        return messages;
    }

    private static void Add(List<string> messages, string message)
    {
        var bounded = message.Length > MaxMessageLength ? message[..MaxMessageLength] + "…" : message;
        if (messages.Count < MaxMessages && !messages.Contains(bounded))
        {
            messages.Add(bounded);
        }
    }
}
