using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Crible.Scanners.Signatures.Yara;

/// <summary>
/// Collects the matches of one scan from libyara's callback. Match lists live in the scanner and are reused by its
/// next scan, so everything is copied out while the callback runs.
/// </summary>
internal sealed unsafe class YaraScan(IReadOnlyDictionary<nint, YaraRule> catalog)
{
    private readonly List<YaraMatch> _matches = [];

    public IReadOnlyList<YaraMatch> Matches => _matches;

    /// <summary>An exception thrown while collecting; the scan was aborted and the caller rethrows it.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The <c>YR_CALLBACK_FUNC</c> to give <c>yr_scanner_set_callback</c>.</summary>
    public static nint Callback => (nint)(delegate* unmanaged[Cdecl]<YaraNative.ScanContext*, int, nint, nint, int>)&OnEvent;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnEvent(YaraNative.ScanContext* context, int message, nint messageData, nint userData)
    {
        if (message != YaraNative.CallbackMessageRuleMatching || GCHandle.FromIntPtr(userData).Target is not YaraScan scan)
        {
            return YaraNative.CallbackContinue;
        }

        try
        {
            scan.Collect(context, (YaraNative.Rule*)messageData);
            return YaraNative.CallbackContinue;
        }
        catch (Exception exception)
        {
            // An exception must not unwind through libyara's frames.
            scan.Failure = exception;
            return YaraNative.CallbackError;
        }
    }

    private void Collect(YaraNative.ScanContext* context, YaraNative.Rule* rule)
    {
        if (!catalog.TryGetValue((nint)rule, out var known))
        {
            throw new YaraException("libyara reported a rule that is not in the compiled rule set.");
        }

        var strings = new List<YaraStringMatch>();
        var matched = 0;
        for (var s = rule->Strings; s is not null; s = (s->Flags & YaraNative.StringFlagsLastInRule) != 0 ? null : s + 1)
        {
            // Private strings are not reported; the first part of a split string carries the whole match.
            if ((s->Flags & YaraNative.StringFlagsPrivate) != 0 || s->ChainedTo is not null)
            {
                continue;
            }

            var first = FirstPublicMatch(context->Matches[s->Index]);
            if (first is null)
            {
                continue;
            }

            matched++;
            if (strings.Count < YaraRuleSet.MaxStringsPerMatch)
            {
                var identifier = YaraNative.Text(s->Identifier);
                var length = Math.Clamp(first->DataLength, 0, YaraRuleSet.MaxMatchData);
                var data = new ReadOnlySpan<byte>(first->Data, first->Data is null ? 0 : length).ToArray();
                strings.Add(new YaraStringMatch(identifier, first->Base + first->Offset, first->MatchLength, data, context->Matches[s->Index].Count));
            }
        }

        _matches.Add(new YaraMatch(known, strings, matched));
    }

    private static YaraNative.Match* FirstPublicMatch(YaraNative.Matches matches)
    {
        for (var match = matches.Head; match is not null; match = match->Next)
        {
            if (match->IsPrivate == 0)
            {
                return match;
            }
        }

        return null;
    }
}
