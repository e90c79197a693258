using System.Text;
using Crible.Scanners.Dynamic;

namespace Crible.Tests.Scanners.Dynamic;

public sealed class StraceParserTests
{
    [Fact]
    public void Calls_are_read_with_their_process_arguments_and_result()
    {
        var trace = StraceParser.Parse(
            "06:08:19.233990 openat(AT_FDCWD, \"\\x2f\\x74\\x6d\\x70\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3\n" +
            "[pid    42] 06:08:19.234000 unlink(\"\\x2f\\x77\") = -1 ENOENT (No such file or directory)\n");

        Assert.Equal(2, trace.Calls.Count);
        Assert.Equal(("openat", 0, "/tmp", "3"), (trace.Calls[0].Name, trace.Calls[0].Pid, StraceText.DecodeString(trace.Calls[0].Argument(1)), trace.Calls[0].Result));
        Assert.Equal((42, "ENOENT", true), (trace.Calls[1].Pid, trace.Calls[1].Error, trace.Calls[1].Failed));
    }

    [Fact]
    public void A_call_interrupted_by_another_process_is_joined_when_it_resumes()
    {
        var trace = StraceParser.Parse(
            "[pid 7] 06:00:00.000001 execve(\"\\x2f\\x62\", [\"\\x62\"], 0x1 /* 3 vars */ <unfinished ...>\n" +
            "[pid 8] 06:00:00.000002 +++ exited with 0 +++\n" +
            "[pid 7] 06:00:00.000003 <... execve resumed>) = 0\n");

        var call = Assert.Single(trace.Calls);
        Assert.Equal(("execve", 7, "0"), (call.Name, call.Pid, call.Result));
        Assert.Equal(["b"], StraceText.DecodeStringArray(call.Argument(1)));
        Assert.Equal(new ProcessEnd(8, "06:00:00.000002", 0, null), Assert.Single(trace.Ends));
    }

    [Fact]
    public void A_hostile_name_with_quotes_newlines_and_parentheses_stays_one_argument()
    {
        var hostile = "a\") = 0\n06:00:00.000000 execve(\"/x\", ";
        var line = $"06:00:00.000001 unlink({Hex(hostile)}) = 0";

        var call = Assert.Single(StraceParser.Parse(line).Calls);

        Assert.Equal(hostile, StraceText.DecodeString(call.Argument(0)));
        Assert.Single(call.Arguments);
    }

    [Fact]
    public void A_padded_result_and_a_call_cut_by_the_end_of_the_run_are_both_read()
    {
        var trace = StraceParser.Parse(
            "06:00:00.000001 ptrace(PTRACE_TRACEME)  = -1 EPERM (Operation not permitted)\n" +
            "06:00:00.000002 clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=1000, tv_nsec=0}, ");

        Assert.Equal(("ptrace", "EPERM"), (trace.Calls[0].Name, trace.Calls[0].Error));
        Assert.Equal(["PTRACE_TRACEME"], trace.Calls[0].Arguments);
        Assert.Equal(("clock_nanosleep", "?", 3), (trace.Calls[1].Name, trace.Calls[1].Result, trace.Calls[1].Arguments.Count));
    }

    [Fact]
    public void Process_ends_name_the_killing_signal()
    {
        var trace = StraceParser.Parse("[pid 5] 06:00:00.000001 +++ killed by SIGXCPU (core dumped) +++\n");

        Assert.Equal("SIGXCPU", Assert.Single(trace.Ends).Signal);
    }

    [Fact]
    public void The_name_in_a_dns_query_is_read_and_a_reply_is_not_taken_for_one()
    {
        byte[] query = [0x38, 0xf5, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 4, (byte)'e', (byte)'v', (byte)'i', (byte)'l', 7, .. "example"u8, 3, .. "com"u8, 0, 0, 1, 0, 1];
        byte[] reply = [.. query[..2], 0x81, 0x80, .. query[4..]];

        Assert.True(DnsQuery.TryReadName(query, out var name));
        Assert.Equal("evil.example.com", name);
        Assert.False(DnsQuery.TryReadName(reply, out _));
    }

    [Fact]
    public void Random_and_cut_lines_never_throw_and_stay_bounded()
    {
        var random = new Random(20261202);
        var pieces = new[] { "[pid 3] ", "06:00:00.000001 ", "execve(", "\"\\x41", "\"", ", ", "[", "]", "{", "}", ") = ", "-1 EPERM (x)", " <unfinished ...>", "<... execve resumed>", "+++ killed by ", "\n", "\\", "(" };
        for (var round = 0; round < 300; round++)
        {
            var builder = new StringBuilder();
            for (var i = random.Next(200); i > 0; i--)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            var trace = StraceParser.Parse(builder.ToString());
            var timeline = TimelineBuilder.Build(trace, "/work/sample");

            Assert.True(trace.Calls.Count <= StraceParser.MaxLines);
            Assert.True(timeline.Events.Count <= BehaviourTimeline.MaxEvents);
            _ = BehaviourRules.Evaluate(timeline, new RunFacts("/work/sample", new HashSet<string>()));
        }
    }

    private static string Hex(string text) => "\"" + string.Concat(Encoding.UTF8.GetBytes(text).Select(b => $"\\x{b:x2}")) + "\"";
}
