namespace Crible.Scanners.Executables.Pe;

/// <summary>A combination of imported functions that together do one thing malware does (no single one of them is
/// suspicious alone: every C runtime imports some).</summary>
/// <param name="Id">The finding id.</param>
/// <param name="Title">What the combination does.</param>
/// <param name="Attack">ATT&amp;CK techniques.</param>
/// <param name="Groups">Each group must have at least one of its functions imported.</param>
public sealed record ApiSet(string Id, string Title, IReadOnlyList<string> Attack, IReadOnlyList<IReadOnlyList<string>> Groups)
{
    /// <summary>The functions that satisfied each group, or null when one group has none.</summary>
    public IReadOnlyList<string>? Match(IReadOnlySet<string> functions)
    {
        var matched = new List<string>();
        foreach (var group in Groups)
        {
            var hits = group.Where(functions.Contains).ToList();
            if (hits.Count == 0)
            {
                return null;
            }

            matched.AddRange(hits);
        }

        return matched;
    }
}

/// <summary>The API combinations the PE scanner reports, from imports and from .NET P/Invoke declarations.</summary>
public static class SuspiciousApiSets
{
    private static readonly string[] RemoteThread = ["CreateRemoteThread", "CreateRemoteThreadEx", "NtCreateThreadEx", "RtlCreateUserThread", "QueueUserAPC", "NtQueueApcThread", "SetThreadContext"];

    public static readonly IReadOnlyList<ApiSet> All =
    [
        new("process-injection", "Imports the functions that write code into another process and run it", ["T1055"], [
            ["VirtualAllocEx", "NtAllocateVirtualMemory", "ZwAllocateVirtualMemory", "NtMapViewOfSection", "ZwMapViewOfSection"],
            ["WriteProcessMemory", "NtWriteVirtualMemory", "ZwWriteVirtualMemory", "NtMapViewOfSection"],
            RemoteThread]),
        new("process-hollowing", "Imports the functions that hollow out a new process and replace its image", ["T1055.012"], [
            ["CreateProcessA", "CreateProcessW", "CreateProcessInternalW"],
            ["NtUnmapViewOfSection", "ZwUnmapViewOfSection"],
            ["WriteProcessMemory", "NtWriteVirtualMemory"],
            ["SetThreadContext", "NtSetContextThread", "ResumeThread"]]),
        new("anti-debugging", "Imports several debugger checks", ["T1622"], [
            ["CheckRemoteDebuggerPresent", "NtQueryInformationProcess", "ZwQueryInformationProcess", "NtSetInformationThread", "ZwSetInformationThread"],
            ["IsDebuggerPresent", "OutputDebugStringA", "OutputDebugStringW", "NtQuerySystemInformation", "GetTickCount", "QueryPerformanceCounter"]]),
        new("download-execute", "Imports functions that download a file and run it", ["T1105", "T1204.002"], [
            ["URLDownloadToFileA", "URLDownloadToFileW", "URLDownloadToCacheFileA", "URLDownloadToCacheFileW", "InternetReadFile", "WinHttpReadData", "HttpSendRequestA", "HttpSendRequestW"],
            ["ShellExecuteA", "ShellExecuteW", "ShellExecuteExA", "ShellExecuteExW", "WinExec", "CreateProcessA", "CreateProcessW"]]),
        new("keylogging", "Imports functions that capture keystrokes", ["T1056.001"], [
            ["SetWindowsHookExA", "SetWindowsHookExW", "GetAsyncKeyState", "GetKeyboardState", "RegisterRawInputDevices"],
            ["GetAsyncKeyState", "GetKeyState", "CallNextHookEx", "GetRawInputData", "MapVirtualKeyA", "MapVirtualKeyW"],
            ["GetForegroundWindow", "GetWindowTextA", "GetWindowTextW", "ToAscii", "ToUnicode", "ToUnicodeEx"]]),
        new("credential-dumping", "Imports functions that dump another process' memory (LSASS credential theft)", ["T1003.001"], [
            ["MiniDumpWriteDump"],
            ["OpenProcess", "NtOpenProcess"]]),
        new("shellcode-execution", "Imports functions that make memory executable and run it in a new thread", ["T1055", "T1620"], [
            ["VirtualAlloc", "VirtualProtect", "NtAllocateVirtualMemory", "NtProtectVirtualMemory"],
            ["CreateThread", "NtCreateThreadEx", "CreateFiber"],
            ["RtlMoveMemory", "RtlCopyMemory", "WriteProcessMemory"]]),
    ];
}
