using System.Text;

namespace Crible.Scanners.Dynamic;

/// <summary>Reads the question of a DNS query packet (RFC 1035 4.1): a standard query with one to four questions and
/// no answers, whose first name is made of plain labels. Anything else is not a query.</summary>
internal static class DnsQuery
{
    private const int HeaderLength = 12;
    private const int MaxNameLength = 253;

    public static bool TryReadName(ReadOnlySpan<byte> packet, out string name)
    {
        name = string.Empty;
        if (packet.Length < HeaderLength + 5)
        {
            return false;
        }

        var flags = (packet[2] << 8) | packet[3];
        var questions = (packet[4] << 8) | packet[5];
        var answers = (packet[6] << 8) | packet[7];
        if ((flags & 0x8000) != 0 || ((flags >> 11) & 0xF) != 0 || questions is < 1 or > 4 || answers != 0)
        {
            return false;
        }

        var builder = new StringBuilder();
        var position = HeaderLength;
        while (position < packet.Length)
        {
            var length = packet[position++];
            if (length == 0)
            {
                name = builder.ToString();
                return name.Length > 0 && position + 4 <= packet.Length;
            }

            if (length > 63 || position + length > packet.Length || builder.Length + length + 1 > MaxNameLength)
            {
                return false;
            }

            foreach (var b in packet.Slice(position, length))
            {
                if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_'))
                {
                    return false;
                }
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Encoding.ASCII.GetString(packet.Slice(position, length)));
            position += length;
        }

        return false;
    }
}
