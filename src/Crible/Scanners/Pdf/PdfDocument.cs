namespace Crible.Scanners.Pdf;

/// <summary>
/// The objects of one PDF as the raw reader found them (top-level ones and those inside object streams), with
/// reference resolution, decryption with the empty user password when the file is encrypted, and stream decoding.
/// </summary>
internal sealed class PdfDocument
{
    private const int MaxResolveDepth = 16;
    private const int MaxObjectStreamEntries = 100_000;
    private const int MaxTrailerLength = 64 * 1024;

    private readonly byte[] _data;
    private readonly Dictionary<int, PdfObject> _byNumber = [];
    private readonly List<PdfObject> _objects;

    private PdfDocument(byte[] data, List<PdfObject> objects)
    {
        _data = data;
        _objects = objects;
        foreach (var found in objects)
        {
            _byNumber[found.Number] = found;
        }
    }

    public IReadOnlyList<PdfObject> Objects => _objects;

    /// <summary>True when the trailer names an /Encrypt dictionary.</summary>
    public bool IsEncrypted { get; private set; }

    /// <summary>The handler opened with the empty password, or null (see <see cref="EncryptionFailure"/>).</summary>
    public PdfSecurityHandler? Security { get; private set; }

    public string? EncryptionFailure { get; private set; }

    /// <summary>What could not be read (damaged object streams, the object cap).</summary>
    public List<string> Problems { get; } = [];

    /// <param name="passwords">User passwords to try after the empty one.</param>
    public static PdfDocument Read(byte[] data, int maxObjects, long maxStreamOutput, IReadOnlyList<string> passwords)
    {
        var objects = PdfObjectFinder.Find(data, maxObjects, out var capped);
        var document = new PdfDocument(data, objects);
        if (capped)
        {
            document.Problems.Add($"only the first {maxObjects} objects were read");
        }

        document.OpenEncryption(passwords);
        if (!document.IsEncrypted || document.Security is not null)
        {
            document.ReadObjectStreams(maxObjects, maxStreamOutput);
        }

        return document;
    }

    public PdfObject? Find(int number) => _byNumber.GetValueOrDefault(number);

    /// <summary>Follows references (bounded) to a direct value.</summary>
    public PdfValue? Resolve(PdfValue? value)
    {
        for (var depth = 0; depth < MaxResolveDepth && value is PdfReference reference; depth++)
        {
            value = Find(reference.Number)?.Value;
        }

        return value is PdfReference ? null : value;
    }

    /// <summary>A string read from <paramref name="owner"/>, decrypted when the file is encrypted.</summary>
    public byte[] StringBytes(PdfObject owner, PdfString value)
    {
        if (Security is null || owner.FromObjectStream)
        {
            return value.Bytes;
        }

        return Security.Decrypt(value.Bytes, owner.Number, owner.Generation, Security.StringCipher) ?? value.Bytes;
    }

    /// <summary>The raw bytes of a stream: its /Length when that lands on "endstream", else what scanning found.</summary>
    public ReadOnlyMemory<byte> RawStream(PdfObject stream)
    {
        var length = Resolve(stream.Dictionary?["Length"]) is PdfNumber { AsLength: >= 0 } number ? number.AsLength : -1;
        var end = length >= 0 && PdfObjectFinder.EndsAtEndstream(_data, stream.StreamStart + length) ? (int)(stream.StreamStart + length) : stream.StreamEnd;
        return _data.AsMemory(stream.StreamStart, Math.Max(0, end - stream.StreamStart));
    }

    /// <summary>The stream decrypted and decoded, bounded by <paramref name="maxOutput"/>.</summary>
    public DecodedStream DecodeStream(PdfObject stream, long maxOutput)
    {
        var raw = RawStream(stream).Span;
        var dictionary = stream.Dictionary!;
        var type = dictionary.NameOf("Type");
        var plain = raw.ToArray();
        if (Security is not null && type != "XRef" && !(type == "Metadata" && !Security.EncryptMetadata))
        {
            var decrypted = Security.Decrypt(raw, stream.Number, stream.Generation, Security.StreamCipher);
            if (decrypted is null)
            {
                return new DecodedStream([], "the encrypted data is damaged", null);
            }

            plain = decrypted;
        }

        return PdfFilters.Decode(plain, dictionary, maxOutput);
    }

    /// <summary>The password that opened the file, when it was not the empty one.</summary>
    public string? Password { get; private set; }

    private void OpenEncryption(IReadOnlyList<string> passwords)
    {
        var trailer = FindTrailerWithEncrypt();
        if (trailer is null)
        {
            return;
        }

        IsEncrypted = true;
        var encrypt = Resolve(trailer["Encrypt"]) as PdfDictionary;
        var ids = Resolve(trailer["ID"]) as PdfArray;
        var firstId = (ids?.Items.Count > 0 ? Resolve(ids.Items[0]) as PdfString : null)?.Bytes ?? [];
        if (encrypt is null)
        {
            EncryptionFailure = "the /Encrypt dictionary is missing or damaged";
            return;
        }

        foreach (var password in passwords.Prepend(string.Empty).Where(p => p.Length <= 127).Distinct(StringComparer.Ordinal))
        {
            Security = PdfSecurityHandler.Open(encrypt, firstId, password, out var failure);
            EncryptionFailure = failure;
            if (Security is not null || failure != PdfSecurityHandler.PasswordRequired)
            {
                Password = Security is null || password.Length == 0 ? null : password;
                return;
            }
        }
    }

    /// <summary>The last trailer (classic "trailer" dictionary or cross-reference stream) that names /Encrypt.</summary>
    private PdfDictionary? FindTrailerWithEncrypt()
    {
        PdfDictionary? found = null;
        foreach (var candidate in _objects.Where(o => o.Dictionary?.NameOf("Type") == "XRef").Select(o => o.Dictionary!))
        {
            found = candidate["Encrypt"] is not null ? candidate : found;
        }

        var position = 0;
        for (var count = 0; count < 10_000; count++)
        {
            var at = _data.AsSpan(position).IndexOf("trailer"u8);
            if (at < 0)
            {
                break;
            }

            position += at + 7;
            var valueStart = position;
            var region = _data.AsSpan(0, Math.Min(_data.Length, position + MaxTrailerLength));
            if (PdfParser.Parse(region, ref valueStart) is PdfDictionary trailer && trailer["Encrypt"] is not null)
            {
                found = trailer;
            }

            // What the dictionary spans is not searched again: the work stays linear in the file's size.
            position = Math.Max(position, valueStart);
        }

        return found;
    }

    private void ReadObjectStreams(int maxObjects, long maxStreamOutput)
    {
        foreach (var container in _objects.Where(o => o.HasStream && o.Dictionary?.NameOf("Type") == "ObjStm").ToList())
        {
            if (_objects.Count >= maxObjects)
            {
                Problems.Add($"only the first {maxObjects} objects were read");
                return;
            }

            var decoded = DecodeStream(container, maxStreamOutput);
            if (decoded.Problem is not null || decoded.RemainingFilter is not null)
            {
                Problems.Add($"object stream {container.Number} is damaged ({decoded.Problem ?? "filter " + decoded.RemainingFilter})");
            }

            foreach (var inner in ObjectStreamEntries(container, decoded.Data, maxObjects - _objects.Count))
            {
                _objects.Add(inner);
                _byNumber.TryAdd(inner.Number, inner);
            }
        }
    }

    /// <summary>"/N" pairs of object number and offset, then the objects from "/First" on; each object is read only
    /// up to where the next one starts, so the work stays linear in the stream's size.</summary>
    private static List<PdfObject> ObjectStreamEntries(PdfObject container, byte[] data, int room)
    {
        var dictionary = container.Dictionary!;
        var count = dictionary["N"] is PdfNumber { AsLength: >= 0 } n ? (int)Math.Min(n.AsLength, Math.Min(room, MaxObjectStreamEntries)) : 0;
        var first = dictionary["First"] is PdfNumber { AsLength: >= 0 } f && f.AsLength <= data.Length ? (int)f.AsLength : -1;
        var entries = new List<PdfObject>();
        if (first < 0)
        {
            return entries;
        }

        var pairs = new List<(int Number, int Start)>();
        var position = 0;
        var header = data.AsSpan(0, first);
        for (var index = 0; index < count; index++)
        {
            if (PdfParser.Parse(header, ref position) is not PdfNumber { AsLength: >= 0 } number
                || PdfParser.Parse(header, ref position) is not PdfNumber { AsLength: >= 0 } offset
                || first + offset.AsLength >= data.Length
                || (pairs.Count > 0 && first + offset.AsLength <= pairs[^1].Start))
            {
                break;
            }

            pairs.Add(((int)number.AsLength, (int)(first + offset.AsLength)));
        }

        for (var index = 0; index < pairs.Count; index++)
        {
            var end = index + 1 < pairs.Count ? pairs[index + 1].Start : data.Length;
            var valueStart = pairs[index].Start;
            var value = PdfParser.Parse(data.AsSpan(0, end), ref valueStart);
            entries.Add(new PdfObject(pairs[index].Number, 0, container.Offset, value, -1, -1, FromObjectStream: true));
        }

        return entries;
    }
}
