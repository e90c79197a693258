using System.Runtime.CompilerServices;

namespace Crible.Scanners.Emulation.VbScript;

/// <summary>The outcome of translating VBScript: the JavaScript, or why there is none.</summary>
internal sealed record VbsTranslation(string? JavaScript, string? Error)
{
    public bool Succeeded => JavaScript is not null;
}

/// <summary>
/// Translates VBScript to JavaScript for the emulator (a whole script, code run by <c>Execute</c>, or an
/// expression run by <c>Eval</c>). Hostile input is bounded: source length, token count, nesting depth and output
/// length; whatever the input, the answer is a translation or a "could not translate: line N ..." message.
/// </summary>
internal static class VbsTranslator
{
    public const int MaxSourceLength = 8 * 1024 * 1024;
    private const int MaxTokens = 2_000_000;
    private const int MaxDepth = 100;
    private const int MaxOutputLength = 64 * 1024 * 1024;

    public static VbsTranslation Script(string source) => Run(source, tokens => VbsEmitter.Program(VbsParser.ParseProgram(tokens, MaxDepth), MaxOutputLength, fragment: false));

    /// <summary>Code run by <c>Execute</c>/<c>ExecuteGlobal</c>: it must not reset the caller's error handling.</summary>
    public static VbsTranslation Fragment(string source) => Run(source, tokens => VbsEmitter.Program(VbsParser.ParseProgram(tokens, MaxDepth), MaxOutputLength, fragment: true));

    public static VbsTranslation Expression(string source) => Run(source, tokens =>
    {
        var cursor = new VbsTokens(tokens, MaxDepth);
        var expression = new VbsExpressionParser(cursor).Parse();
        cursor.SkipEnds();
        if (cursor.Current.Kind != VbsTokenKind.EndOfFile)
        {
            throw cursor.Error($"unexpected {VbsTokens.Describe(cursor.Current)} after the expression");
        }

        return "(" + VbsEmitter.Expression(expression, []) + ")";
    });

    private static VbsTranslation Run(string source, Func<List<VbsToken>, string> translate)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length > MaxSourceLength)
        {
            return new VbsTranslation(null, $"could not translate: the script has {source.Length} characters, more than the {MaxSourceLength} translated");
        }

        try
        {
            return new VbsTranslation(translate(VbsLexer.Tokenize(source, MaxTokens)), null);
        }
        catch (VbsSyntaxException exception)
        {
            return new VbsTranslation(null, "could not translate: " + exception.Message);
        }
        catch (InsufficientExecutionStackException)
        {
            return new VbsTranslation(null, "could not translate: the script nests too deeply");
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // A construct the translator did not foresee is a script it cannot read, not a failed analysis.
            return new VbsTranslation(null, $"could not translate: the translator does not handle this script ({exception.GetType().Name}: {exception.Message})");
        }
    }

    /// <summary>Stops a parse before it can exhaust the thread's stack, whatever the depth bound.</summary>
    internal static void EnsureStack() => RuntimeHelpers.EnsureSufficientExecutionStack();
}
