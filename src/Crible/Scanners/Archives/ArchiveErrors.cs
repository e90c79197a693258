namespace Crible.Scanners.Archives;

/// <summary>Tells the errors a hostile or damaged archive can make a parser throw from those that must go on.</summary>
internal static class ArchiveErrors
{
    /// <summary>Anything a decoder throws on bad input; cancellation and exhausted memory are not input errors.</summary>
    public static bool IsInputError(Exception exception) => exception is not OperationCanceledException and not OutOfMemoryException;

    /// <summary>SharpCompress says "wrong or missing password" with its own exception type.</summary>
    public static bool IsPasswordError(Exception exception) =>
        exception is SharpCompress.Common.CryptographicException || exception.InnerException is SharpCompress.Common.CryptographicException;

    /// <summary>One line for a reason: the exception's message without its stack.</summary>
    public static string Describe(Exception exception)
    {
        var message = exception.Message.ReplaceLineEndings(" ");
        return string.IsNullOrWhiteSpace(message) || message.StartsWith("Exception of type", StringComparison.Ordinal)
            ? exception.GetType().Name
            : message.Length > 200 ? message[..200] + "…" : message;
    }
}
