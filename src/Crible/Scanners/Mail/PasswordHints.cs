using System.Text.RegularExpressions;

namespace Crible.Scanners.Mail;

/// <summary>
/// Passwords a message gives for its attachments ("password: xyz", "mot de passe : xyz", "pwd xyz", the password is
/// "x y z"...), in the order of confidence: quoted after the word, then after a separator, then the next word.
/// Bounded: at most <see cref="MaxCandidates"/> candidates of at most <see cref="MaxLength"/> characters, from the
/// first <see cref="MaxTextLength"/> characters of text.
/// </summary>
internal static class PasswordHints
{
    public const int MaxCandidates = 10;
    public const int MaxLength = 64;
    public const int MaxTextLength = 1 << 20;

    private const string Keywords =
        @"pass(?:word|wort|wd|code|phrase)?|pwd|pw|mot\s+de\s+passe|mdp|code|kennwort|contrase[ñn]a|clave|senha|wachtwoord|parola|has[łl]o|heslo|salasana|l[öo]senord|passord|adgangskode|пароль|密码|パスワード";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static readonly Regex Quoted = new(
        $@"\b(?:{Keywords})\b[^\r\n""“”«»]{{0,40}}?[""“«‘]\s*([^""”»’\r\n]{{1,{MaxLength}}}?)\s*[""”»’]",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking,
        Timeout);

    private static readonly Regex AfterSeparator = new(
        $@"\b(?:{Keywords})\b[^\r\n:=]{{0,30}}?(?:\s(?:is|est|ist|es|é|sera|será|wird|lautet)\s*:?|[:=])\s*(\S{{1,{MaxLength}}})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking,
        Timeout);

    private static readonly Regex NextWord = new(
        $@"\b(?:{Keywords})[ \t]+(\S{{1,{MaxLength}}})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking,
        Timeout);

    private static readonly HashSet<string> NotPasswords = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "the", "for", "to", "of", "and", "or", "a", "an", "you", "your", "this", "that", "will", "be", "in", "on",
        "it", "as", "with", "protected", "attached", "below", "above", "follows", "following", "sent", "separately",
        "de", "du", "des", "le", "la", "les", "est", "pour", "et", "un", "une", "sera", "votre", "ce", "ist", "der",
        "die", "das", "für", "und", "ein", "es", "el", "para", "here", "ici", "reset", "expired", "required", "needed",
        "protégé", "ci-dessous", "suivant",
    };

    private static readonly char[] Trimmed = ['.', ',', ';', ':', '!', '?', ')', ']', '}', '>', '(', '[', '{', '<', '"', '\'', '“', '”', '«', '»', '‘', '’', '*'];

    public static IReadOnlyList<string> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
        {
            text = text[..MaxTextLength];
        }

        var found = new List<string>();
        foreach (var pattern in new[] { Quoted, AfterSeparator, NextWord })
        {
            try
            {
                foreach (Match match in pattern.Matches(text))
                {
                    Add(found, match.Groups[1].Value);
                    if (found.Count == MaxCandidates)
                    {
                        return found;
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological text yields what was found so far.
            }
        }

        return found;
    }

    private static void Add(List<string> found, string candidate)
    {
        var quotedWhole = candidate.Trim();
        var word = quotedWhole.Trim(Trimmed);
        foreach (var value in new[] { quotedWhole, word })
        {
            if (value.Length is > 0 and <= MaxLength && !NotPasswords.Contains(value) && !found.Contains(value, StringComparer.Ordinal) && found.Count < MaxCandidates)
            {
                found.Add(value);
            }
        }
    }
}
