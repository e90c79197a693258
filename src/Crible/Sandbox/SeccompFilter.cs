using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Crible.Sandbox;

/// <summary>
/// A classic-BPF seccomp program, built here so no native helper is needed: on x86-64 it denies (EPERM) the system
/// calls a file parser never needs and that widen the kernel's attack surface (ptrace, mount, namespaces, keyrings,
/// BPF, io_uring, module loading, mknod, ...), refuses clone with CLONE_NEWUSER, makes clone3 fail with ENOSYS so
/// libc falls back to clone, refuses sockets of any family but AF_UNIX and AF_INET (EAFNOSUPPORT: no raw netlink,
/// packet or IPv6 sockets; the network namespace already has nothing but loopback), and kills the process for any
/// other architecture or the x32 ABI.
/// </summary>
internal static class SeccompFilter
{
    private const uint AuditArchX8664 = 0xC000003E;
    private const uint X32SyscallBit = 0x40000000;
    private const uint CloneNewUser = 0x10000000;
    private const uint RetKillProcess = 0x80000000;
    private const uint RetAllow = 0x7FFF0000;
    private const uint RetErrnoEperm = 0x00050000 | 1;
    private const uint RetErrnoEnosys = 0x00050000 | 38;
    private const uint RetErrnoEafnosupport = 0x00050000 | 97;
    private const uint AfUnix = 1;
    private const uint AfInet = 2;

    // struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6].
    private const uint NrOffset = 0;
    private const uint ArchOffset = 4;
    private const uint FirstArgumentLowOffset = 16;

    // BPF opcodes: BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_JMP|BPF_JGE|BPF_K, BPF_JMP|BPF_JSET|BPF_K, BPF_RET|BPF_K.
    private const ushort LoadWord = 0x20;
    private const ushort JumpIfEqual = 0x15;
    private const ushort JumpIfGreaterOrEqual = 0x35;
    private const ushort JumpIfAnyBitSet = 0x45;
    private const ushort Return = 0x06;

    private const uint PtraceX8664 = 101;
    private const uint ProcessVmReadvX8664 = 310;
    private const uint ProcessVmWritevX8664 = 311;
    private const uint CloneX8664 = 56;
    private const uint Clone3X8664 = 435;
    private const uint SocketX8664 = 41;

    /// <summary>x86-64 numbers from asm/unistd_64.h.</summary>
    private static readonly uint[] DeniedX8664 =
    [
        103, // syslog
        133, // mknod
        134, // uselib
        135, // personality
        136, // ustat
        139, // sysfs
        153, // vhangup
        154, // modify_ldt
        155, // pivot_root
        156, // _sysctl
        159, // adjtimex
        161, // chroot
        163, // acct
        164, // settimeofday
        165, // mount
        166, // umount2
        167, // swapon
        168, // swapoff
        169, // reboot
        170, // sethostname
        171, // setdomainname
        172, // iopl
        173, // ioperm
        174, // create_module
        175, // init_module
        176, // delete_module
        177, // get_kernel_syms
        178, // query_module
        179, // quotactl
        180, // nfsservctl
        212, // lookup_dcookie
        227, // clock_settime
        246, // kexec_load
        248, // add_key
        249, // request_key
        250, // keyctl
        259, // mknodat
        272, // unshare
        298, // perf_event_open
        300, // fanotify_init
        303, // name_to_handle_at
        304, // open_by_handle_at
        305, // clock_adjtime
        308, // setns
        312, // kcmp
        313, // finit_module
        320, // kexec_file_load
        321, // bpf
        323, // userfaultfd
        425, // io_uring_setup
        426, // io_uring_enter
        427, // io_uring_register
        428, // open_tree
        429, // move_mount
        430, // fsopen
        431, // fsconfig
        432, // fsmount
        433, // fspick
        438, // pidfd_getfd
        442, // mount_setattr
        443, // quotactl_fd
    ];

    /// <summary>True when a filter can be built for the machine this runs on.</summary>
    public static bool IsSupported => RuntimeInformation.OSArchitecture == Architecture.X64;

    /// <summary>The program as bwrap's <c>--seccomp</c> reads it (an array of struct sock_filter), or null when
    /// this architecture has no filter.</summary>
    public static byte[]? Build(bool allowTracing)
    {
        if (!IsSupported)
        {
            return null;
        }

        var program = new List<byte>(1024);
        Emit(program, LoadWord, 0, 0, ArchOffset);
        Emit(program, JumpIfEqual, 1, 0, AuditArchX8664);
        Emit(program, Return, 0, 0, RetKillProcess);
        Emit(program, LoadWord, 0, 0, NrOffset);
        Emit(program, JumpIfGreaterOrEqual, 0, 1, X32SyscallBit);
        Emit(program, Return, 0, 0, RetErrnoEperm);

        var denied = allowTracing ? DeniedX8664 : [.. DeniedX8664, PtraceX8664, ProcessVmReadvX8664, ProcessVmWritevX8664];
        foreach (var number in denied)
        {
            EmitDeny(program, number, RetErrnoEperm);
        }

        EmitDeny(program, Clone3X8664, RetErrnoEnosys);

        // socket(domain, ...): only local and IPv4 sockets, whose connection attempts strace records.
        Emit(program, JumpIfEqual, 0, 5, SocketX8664);
        Emit(program, LoadWord, 0, 0, FirstArgumentLowOffset);
        Emit(program, JumpIfEqual, 2, 0, AfUnix);
        Emit(program, JumpIfEqual, 1, 0, AfInet);
        Emit(program, Return, 0, 0, RetErrnoEafnosupport);
        Emit(program, Return, 0, 0, RetAllow);

        // clone(flags, ...): refuse a new user namespace, whatever else the flags say.
        Emit(program, JumpIfEqual, 0, 3, CloneX8664);
        Emit(program, LoadWord, 0, 0, FirstArgumentLowOffset);
        Emit(program, JumpIfAnyBitSet, 0, 1, CloneNewUser);
        Emit(program, Return, 0, 0, RetErrnoEperm);
        Emit(program, Return, 0, 0, RetAllow);
        return [.. program];
    }

    /// <summary>"If the number is this one, return the action", as two instructions so no jump can overflow.</summary>
    private static void EmitDeny(List<byte> program, uint number, uint action)
    {
        Emit(program, JumpIfEqual, 0, 1, number);
        Emit(program, Return, 0, 0, action);
    }

    private static void Emit(List<byte> program, ushort code, byte jumpIfTrue, byte jumpIfFalse, uint operand)
    {
        Span<byte> instruction = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(instruction, code);
        instruction[2] = jumpIfTrue;
        instruction[3] = jumpIfFalse;
        BinaryPrimitives.WriteUInt32LittleEndian(instruction[4..], operand);
        program.AddRange(instruction);
    }
}
