namespace Crible.Tests.Identification;

/// <summary>
/// What each corpus file is, by content (checked against file(1) and the corpus notes, not taken from the
/// extension alone). Files whose format Crible has no kind for (pcap, HEIF, lzop...) are expected
/// to stay "binary" or "text": a wrong specific kind is worse than none.
/// </summary>
internal static class CorpusExpectations
{
    public const string ClamAvFolder = "/usr/share/clamav-testfiles";

    public static IReadOnlyDictionary<string, string> Strelka { get; } = Table("""
        test.7z                                       7z
        test.b64                                      base64
        test.bat                                      batch
        test.bz2                                      bzip2
        test.cpio                                     cpio
        test.deb                                      ar
        test.der                                      binary
        test.dmg                                      dmg
        test.doc                                      doc
        test.docx                                     docx
        test.elf                                      elf
        test.eml                                      email
        test.empty                                    empty
        test.exe                                      pe
        test.gif                                      gif
        test.gz                                       gzip
        test.html                                     html
        test.ini                                      text
        test.iqy                                      iqy
        test.iso                                      iso
        test.jnlp                                     jnlp
        test.jpg                                      jpeg
        test.js                                       javascript
        test.json                                     text
        test.lnk                                      lnk
        test.macho                                    macho
        test.msi                                      msi
        test.one                                      onenote
        test.onepkg                                   cab
        test.pcap                                     binary
        test.pcapng                                   binary
        test.pdf                                      pdf
        test.pem                                      text
        test.plist                                    xml
        test.png                                      png
        test.rar                                      rar
        test.tar                                      tar
        test.tlsh                                     macho
        test.txt                                      text
        test.txt.asc                                  text
        test.txt.gpg                                  binary
        test.url                                      text
        test.vba                                      vbscript
        test.vsto                                     xml
        test.webp                                     webp
        test.xar                                      xar
        test.xls                                      xls
        test.xml                                      xml
        test.xz                                       xz
        test.yaml                                     text
        test.yara                                     text
        test.zip                                      zip
        test_aes256_password.zip                      zip
        test_big.rar                                  rar
        test_big.zip                                  zip
        # Its headers come after a forwarded body, so it does not open as a message.
        test_broken.eml                               text
        test_broken.heic                              binary
        test_broken_iend.png                          png
        test_classic.doc                              doc
        test_comment_time.rar                         rar
        test_donut.bin                                binary
        test_donut_compressed.bin                     binary
        test_elk_linux_torte.yara                     text
        test_email_complex_recipients.eml             email
        test_email_encoded_headers.eml                email
        test_email_gateway_links.eml                  email
        test_email_group_syntax.eml                   email
        test_email_link_stress.eml                    email
        test_email_malformed_addresses.eml            email
        test_email_special_cases.eml                  email
        test_embed_rar.jpg                            jpeg
        test_embed_rar.png                            png
        test_empty.zip                                zip
        test_external.xml                             xml
        test_headers.eml                              email
        test_headers_multihop.eml                     email
        test_hyperlinks.html                          html
        test_links.eml                                email
        test_lzx.cab                                  cab
        test_manifest.json                            text
        test_mixed.rar                                rar
        test_mixedcrypto.zip                          zip
        test_overlay_zip.exe                          pe
        test_password.7z                              7z
        test_password.doc                             doc
        # Encrypted OOXML is an OLE2 file holding the encrypted package.
        test_password.docx                            ole2
        test_password.rar                             rar
        test_password_brute.7z                        7z
        test_password_brute.doc                       doc
        test_password_brute.docx                      ole2
        test_password_encrypted_headers.rar           rar
        test_password_filenames.7z                    7z
        test_password_mixed_encrypted_headers.rar     rar
        test_pe.b64                                   base64
        test_pe_object.doc                            doc
        test_pe_object_classic.doc                    doc
        test_pe_overlay.bmp                           bmp
        test_pe_overlay.jpg                           jpeg
        test_pe_overlay.png                           png
        test_pii.csv                                  text
        test_private.pgp                              text
        test_public.pgp                               text
        test_pyinstaller                              macho
        test_qr.avif                                  binary
        test_qr.heic                                  binary
        test_qr.heif                                  binary
        test_qr.jpg                                   jpeg
        test_qr.png                                   png
        test_qr.webp                                  webp
        test_qr_email.png                             png
        test_qr_epc.png                               png
        test_qr_event.png                             png
        test_qr_inverted.png                          png
        test_qr_mecard.png                            png
        test_qr_multi.png                             png
        test_qr_multi_inverted.png                    png
        test_qr_phone.png                             png
        test_qr_raw.png                               png
        test_qr_sms.png                               png
        test_qr_url.png                               png
        test_qr_vcard.png                             png
        test_qr_wifi.png                              png
        test_readonly.dmg                             dmg
        test_text.gif                                 gif
        test_text.jpg                                 jpeg
        test_text.png                                 png
        test_text.webp                                webp
        test_transcode_ico.ico                        ico
        test_udf_1.50.img                             iso
        test_upx.exe                                  pe
        test_whitespace.html                          html
        test_xor.exe                                  pe
        test_zip.cab                                  cab
        test_zip_password.zip                         zip
        """);

    public static IReadOnlyDictionary<string, string> ClamAv { get; } = Table("""
        clam-aspack.exe                               pe
        clam-fsg.exe                                  pe
        clam-mew.exe                                  pe
        clam-nsis.exe                                 pe
        clam-pespin.exe                               pe
        clam-petite.exe                               pe
        clam-upack.exe                                pe
        clam-upx.exe                                  pe
        clam-wwpack.exe                               pe
        clam-yc.exe                                   pe
        clam.7z                                       7z
        clam.arj                                      arj
        clam.bin-be.cpio                              cpio
        clam.bin-le.cpio                              cpio
        clam.bz2.zip                                  zip
        clam.cab                                      cab
        clam.chm                                      chm
        clam.d64.zip                                  zip
        clam.ea05.exe                                 pe
        clam.ea06.exe                                 pe
        clam.exe                                      pe
        clam.exe.binhex                               binhex
        clam.exe.bz2                                  bzip2
        clam.exe.html                                 html
        clam.exe.mbox.base64                          email
        clam.exe.mbox.uu                              email
        clam.exe.rtf                                  rtf
        clam.exe.szdd                                 szdd
        clam.impl.zip                                 zip
        clam.mail                                     email
        clam.newc.cpio                                cpio
        clam.odc.cpio                                 cpio
        clam.ole.doc                                  doc
        clam.pdf                                      pdf
        clam.ppt                                      ppt
        clam.sis                                      sis
        clam.tar.gz                                   gzip
        clam.tnef                                     tnef
        clam.zip                                      zip
        clam_IScab_ext.exe                            pe
        clam_IScab_int.exe                            pe
        clam_ISmsi_ext.exe                            pe
        clam_ISmsi_int.exe                            pe
        clam_cache_emax.tgz                           gzip
        """);

    /// <summary>Files of the libarchive corpus whose name does not tell their content, with what they are.</summary>
    private static readonly Dictionary<string, string> LibarchiveExceptions = new(StringComparer.Ordinal)
    {
        ["test_compat_zip_1.zip"] = "jar", // a ProGuard output: manifest and classes
        ["test_compat_zip_5.zip"] = "ooxml", // an XPS document
        ["test_read_format_zip_padded3.zip"] = "zip", // junk on both sides of the archive
        ["test_read_format_tar_V_negative_size.tar"] = "binary", // fuzzed: no tar header survives
        ["test_read_format_cpio_afio_header.part2.cpio"] = "text", // the second half of a split header
        ["test_read_format_7zip_issue2765.7z"] = "elf", // ELF headers: tests of 7z self-extractor probing
        ["test_read_format_7zip_malformed3.7z"] = "elf",
        ["test_gcpio_compat_ref.bin"] = "cpio", // GNU cpio's old binary format
        ["test_gcpio_compat_ref_nosym.bin"] = "cpio",
    };

    /// <summary>
    /// The expected kind of a libarchive test file from its name, or null when the name does not say (split
    /// volumes, raw data, formats with no kind).
    /// </summary>
    public static string? Libarchive(string fileName)
    {
        if (LibarchiveExceptions.TryGetValue(fileName, out var kind))
        {
            return kind;
        }

        string[][] rules =
        [
            [".tar.gz", "gzip"], [".tgz", "gzip"], [".cpio.gz", "gzip"], [".data.gz", "gzip"], [".gz", "gzip"],
            [".bz2", "bzip2"], [".tbz", "bzip2"], [".xz", "xz"], [".txz", "xz"], [".lzma", "lzma"], [".zst", "zstd"],
            [".lz4", "lz4"], [".Z", "compress"], [".lzo", "binary"], [".lrz", "binary"], [".grz", "binary"], [".lz", "lzip"],
            [".7z", "7z"], [".rar", "rar"], [".zip", "zip"], [".zipx", "zip"], [".jar", "jar"], [".xps", "ooxml"],
            [".cab", "cab"], [".lzh", "lha"], [".iso", "iso"], [".xar", "xar"], [".rpm", "rpm"], [".cpio", "cpio"],
            [".newc", "cpio"], [".crc", "cpio"], [".tar", "tar"], [".ustar", "tar"], [".exe", "pe"], [".elf", "elf"],
            [".mtree", "text"], [".warc", "text"],
        ];
        foreach (var rule in rules)
        {
            if (fileName.EndsWith(rule[0], StringComparison.Ordinal))
            {
                return rule[1];
            }
        }

        // lzma-compressed tars share .tlz with lzip ones: only the lzma ones say so in their name.
        return fileName.EndsWith(".tlz", StringComparison.Ordinal) ? (fileName.Contains("lzma", StringComparison.Ordinal) ? "lzma" : "lzip") : null;
    }

    /// <summary>Parses "name kind" lines; "#" starts a comment line.</summary>
    private static Dictionary<string, string> Table(string lines) => lines
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(line => !line.StartsWith('#'))
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
}
