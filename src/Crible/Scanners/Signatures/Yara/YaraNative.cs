using System.Runtime.InteropServices;

namespace Crible.Scanners.Signatures.Yara;

/// <summary>
/// The part of Debian's libyara 4.2.3 (<c>libyara.so.9</c>) Crible calls, and the layouts of the structures it reads.
/// Layouts are those of <c>/usr/include/yara/types.h</c> on 64-bit Linux, checked with <c>offsetof</c>.
/// </summary>
internal static unsafe partial class YaraNative
{
    public const int ErrorSuccess = 0;
    public const int ErrorScanTimeout = 26;
    public const int ErrorLevelWarning = 1;

    public const int CallbackContinue = 0;
    public const int CallbackError = 2;
    public const int CallbackMessageRuleMatching = 1;

    public const int ScanFlagsReportRulesMatching = 8;

    public const int RuleFlagsNull = 0x04;
    public const int StringFlagsLastInRule = 0x1000;
    public const int StringFlagsPrivate = 0x100000;
    public const int MetaFlagsLastInRule = 1;
    public const int MetaTypeInteger = 1;
    public const int MetaTypeString = 2;
    public const int MetaTypeBoolean = 3;

    private const string Library = "libyara.so.9";

    // yr_initialize is reference-counted by libyara; Crible calls it once and never finalizes, since rule sets may
    // live for the whole process.
    private static readonly Lazy<int> Initialization = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Initializes libyara once per process; throws when the library is missing or fails.</summary>
    public static void EnsureInitialized()
    {
        if (!Environment.Is64BitProcess)
        {
            throw new PlatformNotSupportedException("The YARA engine needs a 64-bit process (structure layouts are those of x86_64).");
        }

        var result = Initialization.Value;
        if (result != ErrorSuccess)
        {
            throw new YaraException($"libyara failed to initialize: {YaraErrors.Name(result)}");
        }
    }

    [LibraryImport(Library, EntryPoint = "yr_initialize")]
    private static partial int Initialize();

    [LibraryImport(Library, EntryPoint = "yr_compiler_create")]
    public static partial int CompilerCreate(out nint compiler);

    [LibraryImport(Library, EntryPoint = "yr_compiler_destroy")]
    public static partial void CompilerDestroy(nint compiler);

    /// <param name="callback">A <c>YR_COMPILER_CALLBACK_FUNC</c>.</param>
    [LibraryImport(Library, EntryPoint = "yr_compiler_set_callback")]
    public static partial void CompilerSetCallback(nint compiler, nint callback, nint userData);

    [LibraryImport(Library, EntryPoint = "yr_compiler_define_string_variable", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CompilerDefineStringVariable(nint compiler, string identifier, string value);

    /// <summary>Parses rules from a file descriptor; <paramref name="fileName"/> names the file in errors and
    /// anchors relative <c>include</c> directives. Returns the number of errors.</summary>
    [LibraryImport(Library, EntryPoint = "yr_compiler_add_fd", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CompilerAddFd(nint compiler, int fd, string ruleNamespace, string fileName);

    /// <summary>Parses rules from text. Returns the number of errors.</summary>
    [LibraryImport(Library, EntryPoint = "yr_compiler_add_string", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CompilerAddString(nint compiler, string rules, string ruleNamespace);

    [LibraryImport(Library, EntryPoint = "yr_compiler_get_rules")]
    public static partial int CompilerGetRules(nint compiler, out nint rules);

    [LibraryImport(Library, EntryPoint = "yr_rules_destroy")]
    public static partial int RulesDestroy(nint rules);

    [LibraryImport(Library, EntryPoint = "yr_scanner_create")]
    public static partial int ScannerCreate(nint rules, out nint scanner);

    [LibraryImport(Library, EntryPoint = "yr_scanner_destroy")]
    public static partial void ScannerDestroy(nint scanner);

    /// <param name="callback">A <c>YR_CALLBACK_FUNC</c>.</param>
    [LibraryImport(Library, EntryPoint = "yr_scanner_set_callback")]
    public static partial void ScannerSetCallback(nint scanner, nint callback, nint userData);

    [LibraryImport(Library, EntryPoint = "yr_scanner_set_timeout")]
    public static partial void ScannerSetTimeout(nint scanner, int seconds);

    [LibraryImport(Library, EntryPoint = "yr_scanner_set_flags")]
    public static partial void ScannerSetFlags(nint scanner, int flags);

    [LibraryImport(Library, EntryPoint = "yr_scanner_define_string_variable", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ScannerDefineStringVariable(nint scanner, string identifier, string value);

    [LibraryImport(Library, EntryPoint = "yr_scanner_scan_mem")]
    public static partial int ScannerScanMem(nint scanner, byte* buffer, nuint length);

    [LibraryImport(Library, EntryPoint = "yr_scanner_scan_fd")]
    public static partial int ScannerScanFd(nint scanner, int fd);

    /// <summary>Reads a NUL-terminated UTF-8 string libyara owns.</summary>
    public static string Text(byte* value) => value is null ? string.Empty : Marshal.PtrToStringUTF8((nint)value) ?? string.Empty;

    /// <summary><c>YR_RULES</c>: only the table of rules is read (what <c>yr_rules_foreach</c> reads).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 80)]
    public struct Rules
    {
        [FieldOffset(8)]
        public Rule* RulesTable;
    }

    /// <summary><c>YR_RULE</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 48)]
    public struct Rule
    {
        [FieldOffset(0)]
        public int Flags;

        [FieldOffset(8)]
        public byte* Identifier;

        /// <summary>NUL-separated tags ending with an empty one.</summary>
        [FieldOffset(16)]
        public byte* Tags;

        [FieldOffset(24)]
        public Meta* Metas;

        [FieldOffset(32)]
        public YrString* Strings;

        [FieldOffset(40)]
        public Namespace* Namespace;
    }

    /// <summary><c>YR_NAMESPACE</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    public struct Namespace
    {
        [FieldOffset(0)]
        public byte* Name;
    }

    /// <summary><c>YR_META</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    public struct Meta
    {
        [FieldOffset(0)]
        public byte* Identifier;

        [FieldOffset(8)]
        public byte* String;

        [FieldOffset(16)]
        public long Integer;

        [FieldOffset(24)]
        public int Type;

        [FieldOffset(28)]
        public int Flags;
    }

    /// <summary><c>YR_STRING</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 56)]
    public struct YrString
    {
        [FieldOffset(0)]
        public int Flags;

        /// <summary>Index into the scan context's table of matches.</summary>
        [FieldOffset(4)]
        public uint Index;

        /// <summary>Set on the second and later parts of a string YARA split at a large gap.</summary>
        [FieldOffset(32)]
        public YrString* ChainedTo;

        [FieldOffset(48)]
        public byte* Identifier;
    }

    /// <summary><c>YR_MATCHES</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 24)]
    public struct Matches
    {
        [FieldOffset(0)]
        public Match* Head;

        [FieldOffset(16)]
        public int Count;
    }

    /// <summary><c>YR_MATCH</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 56)]
    public struct Match
    {
        [FieldOffset(0)]
        public long Base;

        [FieldOffset(8)]
        public long Offset;

        [FieldOffset(16)]
        public int MatchLength;

        /// <summary>Bytes available at <see cref="Data"/> (at most 512, YARA's default).</summary>
        [FieldOffset(20)]
        public int DataLength;

        [FieldOffset(24)]
        public byte* Data;

        [FieldOffset(40)]
        public Match* Next;

        [FieldOffset(52)]
        public byte IsPrivate;
    }

    /// <summary><c>YR_SCAN_CONTEXT</c> (= <c>YR_SCANNER</c>): only the per-string matches are read, as
    /// <c>yr_string_matches_foreach</c> does.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 184)]
    public struct ScanContext
    {
        [FieldOffset(160)]
        public Matches* Matches;
    }
}
