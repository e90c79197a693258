namespace Crible.Scanners.Scripts.Encoder;

/// <summary>
/// The substitution cipher of the Microsoft Script Encoder (screnc.exe, JScript.Encode and VBScript.Encode): each
/// printable character and tab is replaced through one of three tables, the table chosen by the character's
/// position modulo 64; <c>&lt;</c>, <c>&gt;</c> and <c>@</c> are written as <c>@</c> escapes so the encoded text
/// can sit in HTML. Bytes of 0x80 and above pass unchanged and do not advance the position.
/// </summary>
internal static class ScriptEncoderCipher
{
    /// <summary>Which of the three tables encodes the character at each position modulo 64.</summary>
    private const string TableByPosition = "0120121221210212021200122102122100212120200120210212001220012021";

    /// <summary>The plain characters the cipher substitutes: tab, then space to DEL without '&lt;', '&gt;', '@'.</summary>
    private static readonly string Plain = "\t" + new string([.. Enumerable.Range(0x20, 0x60).Select(c => (char)c).Where(c => c is not '<' and not '>' and not '@')]);

    /// <summary>What each character of <see cref="Plain"/> becomes under each table, in the same order.</summary>
    private static readonly string[] Encoded =
    [
        "\u0037\u007E\u005A\u0045\u003A\u0079\u0059\u0027\u0076\u0063\u0062\u004D\u0051\u0053\u0052\u0020\u0026\u0054\u0071\u002B\u0066\u002A\u0058\u007F\u007B\u0030\u0031\u006C\u0049\u0078\u005F\u0029\u0024\u002F\u0039\u0033\u006F\u0021\u0075\u0028\u0042\u0046\u004A\u005C\u0048\u0036\u004B\u007D\u005D\u006A\u0050\u0069\u0023\u0009\u0070\u0065\u0074\u002C\u0077\u0044\u003F\u006D\u007C\u0043\u0038\u005E\u005B\u006E\u0057\u004C\u0034\u0072\u0025\u0056\u0073\u0068\u0055\u0047\u0032\u0035\u002E\u0064\u004F\u003B\u002D\u0041\u0061\u007A\u0022\u0060\u006B\u004E\u003D\u0067",
        "\u0069\u002C\u0065\u0072\u005B\u0066\u0075\u004C\u0045\u0076\u002A\u0043\u0033\u0042\u0020\u0063\u004A\u005A\u0038\u0079\u0032\u0057\u006C\u002B\u0046\u0052\u004F\u003D\u0070\u007B\u0051\u007A\u007E\u003B\u0047\u0041\u0077\u0056\u005F\u0026\u0078\u006E\u0064\u0074\u0067\u007D\u0068\u0035\u0022\u0055\u003A\u0060\u006A\u0071\u006F\u0049\u005C\u005D\u0027\u0059\u0025\u007C\u0023\u006D\u0028\u0031\u0039\u007F\u0036\u0054\u0034\u0062\u004E\u0030\u005E\u0073\u0009\u004B\u0061\u0024\u004D\u006B\u0044\u0021\u0037\u0053\u0058\u0048\u002E\u0050\u002D\u0029\u003F\u002F",
        "\u0064\u0050\u0022\u004A\u0061\u005E\u005D\u005B\u0042\u0060\u0023\u0065\u005F\u007E\u004F\u0052\u007A\u0021\u0046\u0020\u0026\u0063\u002A\u0076\u0047\u0025\u002C\u0029\u0069\u0027\u0067\u0062\u0041\u005A\u0066\u0032\u0073\u004D\u0043\u0071\u0039\u007C\u0053\u0048\u0031\u0072\u006E\u0070\u0049\u003F\u004B\u006A\u002E\u007F\u0028\u0035\u007D\u0024\u002D\u0054\u0037\u007B\u003D\u006C\u0034\u006D\u004E\u002B\u0030\u006F\u0074\u006B\u004C\u0033\u0056\u003A\u0078\u0057\u0077\u003B\u0044\u002F\u0059\u0045\u005C\u0068\u0036\u0058\u0079\u0009\u0075\u0038\u0055\u0051",
    ];

    private static readonly byte[][] Decoding = BuildDecoding();

    /// <summary>The plain character for an encoded byte at a position (counted in characters below 0x80).</summary>
    public static byte Decode(byte encoded, long position) => encoded < 0x80 ? Decoding[TableByPosition[(int)(position % 64)] - '0'][encoded] : encoded;

    /// <summary>The encoded character for a plain byte at a position; the inverse of <see cref="Decode"/>.</summary>
    public static byte Encode(byte plain, long position)
    {
        var index = plain < 0x80 ? Plain.IndexOf((char)plain, StringComparison.Ordinal) : -1;
        return index < 0 ? plain : (byte)Encoded[TableByPosition[(int)(position % 64)] - '0'][index];
    }

    private static byte[][] BuildDecoding()
    {
        var tables = new byte[3][];
        for (var table = 0; table < 3; table++)
        {
            tables[table] = [.. Enumerable.Range(0, 0x80).Select(b => (byte)b)];
            for (var i = 0; i < Plain.Length; i++)
            {
                tables[table][Encoded[table][i]] = (byte)Plain[i];
            }
        }

        return tables;
    }
}
