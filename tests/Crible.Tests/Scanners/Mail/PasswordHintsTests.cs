using Crible.Scanners.Mail;

namespace Crible.Tests.Scanners.Mail;

public sealed class PasswordHintsTests
{
    [Theory]
    [InlineData("password: xyz", "xyz")]
    [InlineData("Password=xyz", "xyz")]
    [InlineData("mot de passe : xyz", "xyz")]
    [InlineData("Le mot de passe du fichier est xyz.", "xyz")]
    [InlineData("pwd xyz", "xyz")]
    [InlineData("code: 4711", "4711")]
    [InlineData("The password is \"two words\"", "two words")]
    [InlineData("Passwort: geheim", "geheim")]
    [InlineData("contraseña: clave123", "clave123")]
    public void A_password_in_the_text_is_a_candidate(string text, string expected) =>
        Assert.Contains(expected, PasswordHints.Find(text));

    [Fact]
    public void Words_around_the_keyword_that_are_not_passwords_are_left_out()
    {
        var candidates = PasswordHints.Find("The password for the archive is: hunter2");

        Assert.Contains("hunter2", candidates);
        Assert.DoesNotContain("for", candidates);
        Assert.DoesNotContain("the", candidates);
    }

    [Fact]
    public void Candidates_are_bounded_in_number_and_length()
    {
        var text = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"password: candidate{i}")) + "\npassword: " + new string('x', 500);

        var candidates = PasswordHints.Find(text);

        Assert.Equal(PasswordHints.MaxCandidates, candidates.Count);
        Assert.All(candidates, c => Assert.InRange(c.Length, 1, PasswordHints.MaxLength));
    }

    [Fact]
    public void A_text_without_a_password_gives_none() =>
        Assert.Empty(PasswordHints.Find("Hello Bob, see you at the meeting tomorrow."));
}
