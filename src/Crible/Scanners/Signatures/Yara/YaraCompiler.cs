using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Crible.Scanners.Signatures.Yara;

/// <summary>
/// One libyara compiler, with the externals defined and its messages collected. A compiler that reported an error
/// cannot take more rules nor give rules (libyara asserts): <see cref="Add"/> says so and the caller starts over.
/// </summary>
internal sealed unsafe class YaraCompiler : IDisposable
{
    private readonly List<YaraCompileMessage> _errors = [];
    private readonly List<YaraCompileMessage> _warnings = [];
    private GCHandle _self;
    private nint _handle;
    private string _currentSource = string.Empty;

    public YaraCompiler()
    {
        YaraNative.EnsureInitialized();
        Check(YaraNative.CompilerCreate(out _handle), "create a compiler");
        _self = GCHandle.Alloc(this);
        YaraNative.CompilerSetCallback(_handle, (nint)(delegate* unmanaged[Cdecl]<int, byte*, int, nint, byte*, nint, void>)&OnMessage, GCHandle.ToIntPtr(_self));
        foreach (var name in YaraExternals.Names)
        {
            Check(YaraNative.CompilerDefineStringVariable(_handle, name, string.Empty), $"define the external {name}");
        }
    }

    public IReadOnlyList<YaraCompileMessage> Warnings => _warnings;

    /// <summary>Compiles one source into this compiler; returns its errors (none when it was accepted).</summary>
    public IReadOnlyList<YaraCompileMessage> Add(YaraSource source)
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        if (_errors.Count > 0)
        {
            throw new InvalidOperationException("This compiler reported errors and cannot take more rules.");
        }

        _currentSource = source.ToString();
        if (source.Text is not null)
        {
            YaraNative.CompilerAddString(_handle, source.Text, source.Name);
        }
        else
        {
            try
            {
                using var file = File.OpenHandle(source.FilePath!, FileMode.Open, FileAccess.Read);
                YaraNative.CompilerAddFd(_handle, (int)file.DangerousGetHandle(), source.Name, source.FilePath!);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Nothing reached libyara, so this compiler is still usable; report the file all the same.
                return [new YaraCompileMessage(source.FilePath!, 0, $"cannot read the rule file: {exception.Message}")];
            }
        }

        return _errors.ToList();
    }

    /// <summary>The compiled rules, owned by the caller. The compiler is spent afterwards.</summary>
    public nint TakeRules()
    {
        ObjectDisposedException.ThrowIf(_handle == 0, this);
        Check(YaraNative.CompilerGetRules(_handle, out var rules), "build the rules");
        return rules;
    }

    public void Dispose()
    {
        if (_handle != 0)
        {
            YaraNative.CompilerDestroy(_handle);
            _handle = 0;
            _self.Free();
        }
    }

    private static void Check(int result, string what)
    {
        if (result != YaraNative.ErrorSuccess)
        {
            throw new YaraException($"libyara could not {what}: {YaraErrors.Name(result)}");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMessage(int level, byte* fileName, int line, nint rule, byte* message, nint userData)
    {
        // Exceptions must not cross into libyara: this only builds a record and adds it to a list.
        if (GCHandle.FromIntPtr(userData).Target is not YaraCompiler compiler)
        {
            return;
        }

        var file = fileName is null ? compiler._currentSource : YaraNative.Text(fileName);
        var entry = new YaraCompileMessage(file, line, YaraNative.Text(message));
        (level == YaraNative.ErrorLevelWarning ? compiler._warnings : compiler._errors).Add(entry);
    }
}
