namespace Crible.Scanners.Pdf;

/// <summary>
/// Finds the next occurrence of a keyword for offsets that only grow, remembering the last answer, so a file
/// scanned object by object is searched once in total rather than once per object (a hostile file with a million
/// unterminated objects must not cost a million passes).
/// </summary>
internal sealed class ForwardSearch(byte[] data, byte[] keyword)
{
    private int _searchedFrom = int.MaxValue;
    private int _found = -1;

    /// <summary>The first occurrence at or after <paramref name="from"/>, or -1.</summary>
    public int Next(int from)
    {
        if (from >= _searchedFrom && (_found < 0 || _found >= from))
        {
            return _found;
        }

        var at = from >= data.Length ? -1 : data.AsSpan(from).IndexOf(keyword);
        _searchedFrom = from;
        _found = at < 0 ? -1 : from + at;
        return _found;
    }
}
