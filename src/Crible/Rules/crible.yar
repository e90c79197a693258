/*
   Crible's own rules. Each one must stay quiet on ordinary benign files: only the EICAR rule is malicious, the
   others flag tradecraft for a person to look at (severity "suspicious" never makes a verdict malicious alone).
*/

rule Crible_EICAR_Test_File
{
    meta:
        author = "Crible"
        description = "EICAR anti-virus test file"
        reference = "https://www.eicar.org/download-anti-malware-testfile/"
        date = "2026-11-24"
        severity = "malicious"

    strings:
        $eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

    condition:
        // The 68-byte string first, then only whitespace (space, tab, LF, CR, Ctrl-Z), 128 bytes at most.
        $eicar at 0 and filesize <= 128 and
        (
            filesize == 68 or
            for all i in (68 .. filesize - 1) : (
                uint8(i) == 0x20 or uint8(i) == 0x09 or uint8(i) == 0x0a or uint8(i) == 0x0d or uint8(i) == 0x1a
            )
        )
}

rule Crible_VBA_AutoExec_Downloads_And_Runs
{
    meta:
        author = "Crible"
        description = "VBA macro that runs when the document opens, fetches from the network and starts a program"
        date = "2026-11-24"
        severity = "suspicious"
        mitre_attack = "T1204.002, T1059.005, T1105"

    strings:
        $sub = "End Sub" nocase

        $auto1 = "Sub AutoOpen" nocase
        $auto2 = "Sub Auto_Open" nocase
        $auto3 = "Sub AutoExec" nocase
        $auto4 = "Sub AutoClose" nocase
        $auto5 = "Sub Document_Open" nocase
        $auto6 = "Sub Document_Close" nocase
        $auto7 = "Sub Workbook_Open" nocase
        $auto8 = "Sub Workbook_Activate" nocase

        $run1 = "WScript.Shell" nocase
        $run2 = "Shell(" nocase
        $run3 = "ShellExecute" nocase
        $run4 = "Win32_Process" nocase
        $run5 = "powershell" nocase
        $run6 = "mshta" nocase
        $run7 = "cmd /c" nocase
        $run8 = "cmd.exe /c" nocase

        $net1 = "URLDownloadToFile" nocase
        $net2 = "XMLHTTP" nocase
        $net3 = "WinHttpRequest" nocase
        $net4 = "Invoke-WebRequest" nocase
        $net5 = "DownloadFile" nocase
        $net6 = "DownloadString" nocase
        $net7 = "http://" nocase
        $net8 = "https://" nocase

    condition:
        filesize < 2MB and $sub and 1 of ($auto*) and 1 of ($run*) and 1 of ($net*)
}

rule Crible_PowerShell_Download_Cradle
{
    meta:
        author = "Crible"
        description = "PowerShell that downloads code and runs it in memory (IEX download cradle)"
        date = "2026-11-24"
        severity = "suspicious"
        mitre_attack = "T1059.001, T1105"

    strings:
        // IEX (New-Object Net.WebClient).DownloadString('http://...')
        $iex_first = /(iex|invoke-expression)\s*\(?\s*\(\s*new-object\s+(system\.)?net\.webclient\s*\)\s*\.\s*download(string|data)\s*\(/ nocase
        // (New-Object Net.WebClient).DownloadString('http://...') | iex
        $pipe_webclient = /\.download(string|data)\s*\([^)\r\n]{1,300}\)\s*\|\s*(iex|invoke-expression)\b/ nocase
        // iwr http://... | iex
        $pipe_iwr = /\b(iwr|irm|invoke-webrequest|invoke-restmethod)\s[^|\r\n]{1,300}\|\s*(iex|invoke-expression)\b/ nocase

    condition:
        // Not in executables: PowerShell's own binaries name these cmdlets.
        filesize < 5MB and uint16(0) != 0x5a4d and uint32(0) != 0x464c457f and any of them
}

rule Crible_LNK_Starts_Hidden_Or_Remote_Script
{
    meta:
        author = "Crible"
        description = "Windows shortcut that starts a script host with a hidden window, encoded command or remote URL"
        date = "2026-11-24"
        severity = "suspicious"
        mitre_attack = "T1204.002, T1059"

    strings:
        $host1 = "powershell" nocase ascii wide
        $host2 = "mshta" nocase ascii wide
        $host3 = "wscript" nocase ascii wide
        $host4 = "cscript" nocase ascii wide
        $host5 = "pwsh" nocase ascii wide

        $arg1 = "-enc" nocase ascii wide
        $arg2 = "-w hidden" nocase ascii wide
        $arg3 = "-windowstyle hidden" nocase ascii wide
        $arg4 = "FromBase64String" nocase ascii wide
        $arg5 = "http://" nocase ascii wide
        $arg6 = "https://" nocase ascii wide
        $arg7 = "javascript:" nocase ascii wide
        $arg8 = "vbscript:" nocase ascii wide

    condition:
        // ShellLinkHeader: size 0x4C and the LinkCLSID 00021401-0000-0000-C000-000000000046.
        uint32(0) == 0x0000004c and uint32(4) == 0x00021401 and filesize < 1MB and
        1 of ($host*) and 1 of ($arg*)
}
