using Crible.Identification;
using Crible.Model;
using Crible.Pipeline;

namespace Crible.Scanners.Dynamic;

/// <summary>How a sample of each kind is started in the sandbox, under strace.</summary>
internal static class SampleLaunch
{
    public const string Strace = "/usr/bin/strace";

    /// <summary>EM_X86_64: the only machine this sandbox runs natively.</summary>
    private const ushort MachineX8664 = 62;

    /// <summary>Strings are printed in hex (<c>-xx</c>) so names cannot be confused with strace's own syntax. Signals
    /// stay in the signal set (but SIGCHLD, which is noise): strace prints "killed by SIGXCPU" only for those.</summary>
    private const string TracedCalls =
        "trace=execve,execveat,fork,vfork,clone,clone3,kill,tkill,tgkill,ptrace,open,openat,openat2,creat,unlink,unlinkat,rmdir," +
        "rename,renameat,renameat2,link,linkat,symlink,symlinkat,chmod,fchmodat,truncate,chdir,socket,connect,bind,sendto,sendmsg," +
        "sendmmsg,nanosleep,clock_nanosleep,setuid,setgid,setreuid,setregid,setresuid,setresgid,setfsuid,setfsgid,%ipc";

    /// <summary>The sample's output goes nowhere, so only strace writes to the captured stream.</summary>
    private const string Wrapper = "exec \"$@\" </dev/null >/dev/null 2>&1";

    public static bool IsRunnableKind(FileKind kind) =>
        kind == FileKinds.Elf || kind == FileKinds.Shell || kind == FileKinds.Python || kind == FileKinds.Perl;

    /// <summary>Why this item cannot run here (a foreign architecture, an object file), or null when it can.</summary>
    public static string? NotRunnable(ScanItem item)
    {
        if (item.Kind != FileKinds.Elf)
        {
            return null;
        }

        var head = item.Data.Head;
        if (head.Length < 20 || head[4] != 2 || head[5] != 1)
        {
            return "only little-endian 64-bit ELF programs run here";
        }

        var type = (ushort)(head[16] | (head[17] << 8));
        var machine = (ushort)(head[18] | (head[19] << 8));
        if (machine != MachineX8664)
        {
            return $"ELF machine {machine} is not x86-64";
        }

        return type is 2 or 3 ? null : $"ELF type {type} is not a program";
    }

    public static List<string> Command(FileKind kind, string samplePath, int stringBytes)
    {
        var command = new List<string>
        {
            Strace, "-f", "-tt", "-xx", "-q", "-s", stringBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-e", "signal=!SIGCHLD", "-e", TracedCalls, "--", "/bin/sh", "-c", Wrapper, "sh",
        };
        if (kind == FileKinds.Shell)
        {
            command.Add("/usr/bin/bash");
        }
        else if (kind == FileKinds.Python)
        {
            command.Add("/usr/bin/python3");
        }
        else if (kind == FileKinds.Perl)
        {
            command.Add("/usr/bin/perl");
        }

        command.Add(samplePath);
        return command;
    }
}
