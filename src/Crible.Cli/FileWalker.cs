namespace Crible.Cli;

/// <summary>Turns the command's arguments into files to scan: files as given, folders walked (symbolic links are
/// not followed, so a loop cannot trap the walk). What cannot be read is reported, not fatal.</summary>
internal static class FileWalker
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Device,
        ReturnSpecialDirectories = false,
    };

    public static List<string> Expand(IEnumerable<string> arguments, Action<string> error)
    {
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            if (File.Exists(argument))
            {
                files.Add(argument);
            }
            else if (Directory.Exists(argument))
            {
                try
                {
                    files.AddRange(Directory.EnumerateFiles(argument, "*", Walk).Order(StringComparer.Ordinal));
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    error($"{argument}: cannot list the folder ({exception.Message})");
                }
            }
            else
            {
                error($"{argument}: no such file or folder");
            }
        }

        return files;
    }
}
