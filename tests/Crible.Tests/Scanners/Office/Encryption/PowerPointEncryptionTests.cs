using System.Buffers.Binary;
using Crible.Model;
using Crible.Scanners.Office;
using Crible.Scanners.Office.Encryption;
using Crible.Scanners.Office.Ole;
using Crible.Scanners.Office.PowerPoint;

namespace Crible.Tests.Scanners.Office.Encryption;

/// <summary>ClamAV's clam.ppt (a presentation embedding the ClamAV test program) encrypted by
/// <see cref="PowerPointTestEncryptor"/>, no encrypted presentation being at hand.</summary>
public sealed class PowerPointEncryptionTests
{
    private static byte[] Plain => File.ReadAllBytes(TestPaths.ClamAvTestFile("clam.ppt"));

    [Fact]
    public void A_presentation_decrypts_to_the_persist_objects_and_pictures_of_the_plain_one_as_msoffcrypto_also_finds()
    {
        var encrypted = PowerPointTestEncryptor.Encrypt(Plain, "secret");
        using var file = CompoundFile.Open(encrypted);
        var document = EncryptedDocumentReader.Open(file, 1 << 24);
        Assert.Equal("RC4 CryptoAPI, 128-bit key, SHA1", document.Scheme);
        Assert.False(document.TryPassword("wrong", CancellationToken.None));
        Assert.True(document.TryPassword("secret", CancellationToken.None));

        var decrypted = document.Decrypt(1 << 24, CancellationToken.None);

        Assert.Empty(decrypted.Problems);
        var plain = PersistObjects(Plain);
        Assert.Equal([1, 2, 3, 4], plain.Keys.Order());
        var ours = PersistObjects(decrypted.Content);
        Assert.Equal(plain, ours.Where(p => p.Key != 5).ToDictionary());
        Assert.Equal(plain, PersistObjects(MsOffCryptoTool.Decrypt(encrypted, "secret")));
        using var result = CompoundFile.Open(decrypted.Content);
        using var original = CompoundFile.Open(Plain);
        Assert.Equal(Stream(original, "Pictures"), Stream(result, "Pictures"));
        Assert.Equal(Stream(original, "Current User")[12..16], Stream(result, "Current User")[12..16]);
        Assert.Null(OfficeEncryption.Describe(result));
    }

    [Fact]
    public async Task A_presentation_encrypted_with_VelvetSweatshop_is_opened_and_yields_what_the_plain_one_does()
    {
        var encrypted = PowerPointTestEncryptor.Encrypt(Plain, EncryptedDocumentEmitter.DefaultPassword);

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "clam.ppt");
        var plain = await TestEngine.Default.AnalyseAsync(Plain, "clam.ppt");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Equal("ppt", report.File.Kind);
        var opened = Assert.Single(report.Nodes[0].Findings, f => f.Id == "password");
        Assert.Equal("'VelvetSweatshop', RC4 CryptoAPI, 128-bit key, SHA1: the document opens without asking anyone for a password, while its content stays hidden from tools that do not decrypt it (a known way to carry macros past scanners)", opened.Evidence);
        Assert.Empty(report.Nodes.SelectMany(n => n.Incomplete));
        var decrypted = Assert.Single(report.Nodes, n => n.Name == "clam.ppt (decrypted)");
        Assert.Equal(("ppt", Relation.Decoded), (decrypted.Kind, decrypted.Relation));
        Assert.StartsWith("clam.ppt/clam.ppt (decrypted)/PowerPoint Document/ExOleObjStg@", OfficeTestFiles.ClamExeNode(report).Path, StringComparison.Ordinal);
        Assert.Equal(Contents(plain, "clam.ppt/"), Contents(report, "clam.ppt/clam.ppt (decrypted)/"));
    }

    [Fact]
    public async Task A_presentation_with_a_40_bit_key_opens_with_a_password_given_with_the_request()
    {
        var encrypted = PowerPointTestEncryptor.Encrypt(Plain, "Password1!", keyBits: 40);

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "deck.ppt", "Password1!");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Equal("'Password1!', RC4 CryptoAPI, 40-bit key, SHA1", Assert.Single(report.Nodes[0].Findings, f => f.Id == "password").Evidence);
        Assert.Equal(OfficeTestFiles.ClamExeSha256, OfficeTestFiles.ClamExeNode(report).Sha256);
    }

    [Fact]
    public async Task Encrypted_document_properties_are_left_out_of_the_decrypted_presentation()
    {
        var encrypted = PowerPointTestEncryptor.Encrypt(Plain, EncryptedDocumentEmitter.DefaultPassword, encryptedSummary: OfficeTestFiles.Pattern(600, 7));
        using (var file = CompoundFile.Open(encrypted))
        {
            Assert.Equal("PowerPoint presentation protected by RC4 CryptoAPI encryption", OfficeEncryption.Describe(file));
        }

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "deck.ppt");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Empty(report.Nodes.SelectMany(n => n.Incomplete));
        Assert.Contains(report.Nodes, n => n.Path == "deck.ppt/EncryptedSummary");
        Assert.DoesNotContain(report.Nodes, n => n.Path.StartsWith("deck.ppt/deck.ppt (decrypted)/EncryptedSummary", StringComparison.Ordinal));
        Assert.StartsWith("deck.ppt/deck.ppt (decrypted)/PowerPoint Document/ExOleObjStg@", OfficeTestFiles.ClamExeNode(report).Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_presentation_whose_Current_User_token_says_unencrypted_is_known_encrypted_by_its_edit()
    {
        var encrypted = PowerPointTestEncryptor.Encrypt(Plain, EncryptedDocumentEmitter.DefaultPassword, markCurrentUser: false);

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "deck.ppt");

        Assert.Equal(Verdict.Malicious, report.Verdict);
        Assert.Contains(report.Nodes[0].Findings, f => f.Title == "Encrypted document: PowerPoint presentation protected by encryption");
        Assert.Empty(report.Nodes.SelectMany(n => n.Incomplete));
    }

    [Fact]
    public async Task Without_a_password_that_opens_it_a_presentation_is_unanalysable_with_the_passwords_tried()
    {
        var encrypted = PowerPointTestEncryptor.Encrypt(Plain, "not-in-any-list");

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "deck.ppt", "request-password");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Equal(
            "encrypted: PowerPoint presentation protected by encryption (RC4 CryptoAPI, 128-bit key, SHA1); no known password opens it (7 tried: 'VelvetSweatshop', 'request-password', 'infected', 'virus', 'malware', 'password', '123456')",
            Assert.Single(report.Nodes[0].Incomplete));
        Assert.DoesNotContain(report.Nodes, n => n.Name.EndsWith("(decrypted)", StringComparison.Ordinal) || n.Sha256 == OfficeTestFiles.ClamExeSha256);
    }

    [Theory]
    [InlineData(36, 99u, "the encryption data is damaged (persist object 99 is not a CryptSession10Container)")]
    [InlineData(20, 0x7FFFFFFFu, "the encryption data is damaged (the PersistDirectoryAtom offset 2147483647 is past the end of the ")]
    public async Task A_presentation_with_damaged_encryption_data_is_unanalysable_with_the_reason(int editField, uint value, string reason)
    {
        var encrypted = PowerPointTestEncryptor.Encrypt(Plain, EncryptedDocumentEmitter.DefaultPassword, alterDocument: document =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(document.AsSpan(CurrentEdit(document) + editField), value);
            return document;
        });

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "damaged.ppt");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains(report.Nodes[0].Incomplete, r => r.StartsWith($"encrypted: PowerPoint presentation protected by encryption; {reason}", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Nodes, n => n.Name.EndsWith("(decrypted)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_persist_object_claiming_more_than_its_room_is_decrypted_that_far_and_said_incomplete()
    {
        // RC4 is XOR: flipping a cipher text bit flips the plain text bit, here the document container's length.
        var encrypted = PowerPointTestEncryptor.Encrypt(Plain, EncryptedDocumentEmitter.DefaultPassword, alterDocument: document =>
        {
            document[6] ^= 0x10;
            return document;
        });

        var report = await TestEngine.Default.AnalyseAsync(encrypted, "long.ppt");

        Assert.Equal(Verdict.Unanalysable, report.Verdict);
        Assert.Contains("ole: decrypted document: persist object 1 at offset 0 claims 1049820 bytes, 1244 are left before the next record; it was decrypted that far", report.Nodes[0].Incomplete);
        Assert.Single(report.Nodes, n => n.Name == "long.ppt (decrypted)");
    }

    /// <summary>The UserEditAtom of a stream the test encryptor wrote: its last record.</summary>
    private static int CurrentEdit(byte[] document) => document.Length - 8 - 0x20;

    /// <summary>Every persist object of the current edit, by id: its record as stored.</summary>
    private static Dictionary<int, string> PersistObjects(byte[] presentation)
    {
        using var file = CompoundFile.Open(presentation);
        var document = Stream(file, "PowerPoint Document");
        var edits = PowerPointEditChain.Read(Stream(file, "Current User"), document);
        return edits.Objects.DistinctBy(o => o.PersistId).ToDictionary(
            o => o.PersistId,
            o => Convert.ToHexString(document.AsSpan(o.Offset, 8 + BinaryPrimitives.ReadInt32LittleEndian(document.AsSpan(o.Offset + 4)))));
    }

    /// <summary>What was found under <paramref name="prefix"/>: each file's kind and digest, in a stable order.</summary>
    private static List<string> Contents(Report report, string prefix) =>
        [.. report.Nodes.Where(n => n.Path.StartsWith(prefix, StringComparison.Ordinal)).Select(n => $"{n.Kind} {n.Sha256}").Order(StringComparer.Ordinal)];

    private static byte[] Stream(CompoundFile file, string name) => file.ReadStream(file.Find(name)!, 1 << 24, out _);
}
