using System.Globalization;
using System.Text;

namespace Crible.Scanners.Pdf;

/// <summary>A PDF object as the raw reader sees it.</summary>
internal abstract record PdfValue;

internal sealed record PdfNumber(double Value) : PdfValue
{
    /// <summary>The value as a non-negative integer, or -1 when it is not one (or too large to be a length).</summary>
    public long AsLength => Value >= 0 && Value <= int.MaxValue && Math.Floor(Value) == Value ? (long)Value : -1;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

internal sealed record PdfName(string Value) : PdfValue
{
    public override string ToString() => "/" + Value;
}

/// <summary>A literal or hexadecimal string, as the bytes it holds.</summary>
internal sealed record PdfString(byte[] Bytes) : PdfValue
{
    /// <summary>A PDF text string: UTF-16BE after its byte-order mark, UTF-8 after its mark, PDFDocEncoding (read as
    /// Latin-1) otherwise.</summary>
    public string Text => Bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? Encoding.BigEndianUnicode.GetString(Bytes, 2, Bytes.Length - 2)
        : Bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? Encoding.UTF8.GetString(Bytes, 3, Bytes.Length - 3)
        : Encoding.Latin1.GetString(Bytes);
}

internal sealed record PdfReference(int Number, int Generation) : PdfValue;

internal sealed record PdfArray(IReadOnlyList<PdfValue> Items) : PdfValue;

internal sealed record PdfDictionary(IReadOnlyDictionary<string, PdfValue> Entries) : PdfValue
{
    public PdfValue? this[string key] => Entries.GetValueOrDefault(key);

    public string? NameOf(string key) => (this[key] as PdfName)?.Value;
}

/// <summary>true, false, null or any other bare keyword.</summary>
internal sealed record PdfKeyword(string Value) : PdfValue;
