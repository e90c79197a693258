using System.Text;
using Crible.Scanners.Signatures.Yara;

namespace Crible.Tests.Scanners.Signatures.Yara;

public sealed class YaraCompileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crible-yara-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Broken_rule_file_is_reported_by_file_and_line_and_the_others_still_match()
    {
        Write("a_good.yar", Rule("first_good", "alpha"));
        Write("b_broken.yar", "rule broken\n{\n    strings:\n        $a = \"x\"\n    condition:\n        $a and and\n}\n");
        Write("c_good.yar", Rule("second_good", "gamma"));

        var compilation = YaraRuleSet.Compile(YaraSource.FromDirectory(_folder));
        using var rules = compilation.Rules;

        var error = Assert.Single(compilation.Errors);
        Assert.EndsWith("b_broken.yar", error.File, StringComparison.Ordinal);
        Assert.Equal(6, error.Line);
        Assert.Contains("b_broken.yar:6: syntax error", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("b_broken.yar", Assert.Single(compilation.Rejected).Name);
        Assert.Equal(["first_good", "second_good"], Matches(rules, "alpha gamma"));
    }

    [Fact]
    public void Every_broken_file_is_reported_not_only_the_first()
    {
        Write("a.yar", "rule a { condition: undefined_thing }");
        Write("b.yar", Rule("b_good", "beta"));
        Write("c.yar", "rule c { strings: $x = { 4D 5A ?? } condition: $y }");

        var compilation = YaraRuleSet.Compile(YaraSource.FromDirectory(_folder));
        using var rules = compilation.Rules;

        Assert.Equal(["a.yar", "c.yar"], compilation.Rejected.Select(s => s.Name));
        Assert.Contains(compilation.Errors, e => e.File.EndsWith("a.yar", StringComparison.Ordinal) && e.Message.Contains("undefined_thing", StringComparison.Ordinal));
        Assert.Contains(compilation.Errors, e => e.File.EndsWith("c.yar", StringComparison.Ordinal) && e.Message.Contains("$y", StringComparison.Ordinal));
        Assert.Equal(["b_good"], Matches(rules, "beta"));
    }

    [Fact]
    public void Same_rule_name_in_two_files_does_not_clash()
    {
        Write("one/dup.yar", Rule("same_name", "alpha"));
        Write("two/dup.yar", Rule("same_name", "alpha"));

        var compilation = YaraRuleSet.Compile(YaraSource.FromDirectory(_folder));
        using var rules = compilation.Rules;

        Assert.Empty(compilation.Errors);
        var result = rules.Scan("alpha"u8, YaraExternals.Empty, TimeSpan.FromSeconds(5));
        Assert.Equal(["one/dup.yar", "two/dup.yar"], result.Matches.Select(m => m.Rule.Namespace).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Include_resolves_next_to_the_including_file()
    {
        Write("sub/common.yar", Rule("included_rule", "delta"));
        Write("sub/main.yar", "include \"common.yar\"\n" + Rule("main_rule", "epsilon"));

        var compilation = YaraRuleSet.Compile([YaraSource.FromFile(Path.Combine(_folder, "sub", "main.yar"))]);
        using var rules = compilation.Rules;

        Assert.Empty(compilation.Errors);
        Assert.Equal(["included_rule", "main_rule"], Matches(rules, "delta epsilon"));
    }

    [Fact]
    public void Missing_rule_file_is_reported_and_the_others_still_compile()
    {
        Write("good.yar", Rule("good", "alpha"));

        var compilation = YaraRuleSet.Compile([YaraSource.FromFile(Path.Combine(_folder, "gone.yar")), YaraSource.FromFile(Path.Combine(_folder, "good.yar"))]);
        using var rules = compilation.Rules;

        var error = Assert.Single(compilation.Errors);
        Assert.EndsWith("gone.yar", error.File, StringComparison.Ordinal);
        Assert.Equal(["good"], Matches(rules, "alpha"));
    }

    [Fact]
    public void Listed_files_and_folders_each_keep_their_own_namespace()
    {
        Write("rules/dup.yar", Rule("in_folder", "alpha"));
        Write("other/dup.yar", Rule("in_folder", "alpha"));

        var sources = YaraSource.FromPaths([Path.Combine(_folder, "rules"), Path.Combine(_folder, "other", "dup.yar")]);
        var compilation = YaraRuleSet.Compile(sources);
        using var rules = compilation.Rules;

        Assert.Equal(["dup.yar", "dup.yar#2"], sources.Select(s => s.Name));
        Assert.Empty(compilation.Errors);
        Assert.Equal(["in_folder", "in_folder"], Matches(rules, "alpha"));
    }

    [Fact]
    public void No_good_rule_file_gives_an_empty_rule_set_that_matches_nothing()
    {
        Write("broken.yar", "rule broken { condition: }");

        var compilation = YaraRuleSet.Compile(YaraSource.FromDirectory(_folder));
        using var rules = compilation.Rules;

        Assert.Single(compilation.Errors);
        Assert.Empty(rules.Rules);
        Assert.Empty(Matches(rules, "anything"));
    }

    [Fact]
    public void Version_names_the_sources_and_changes_with_them()
    {
        using var first = YaraTestKit.CompileText(Rule("r", "alpha"));
        using var same = YaraTestKit.CompileText(Rule("r", "alpha"));
        using var changed = YaraTestKit.CompileText(Rule("r", "alphb"));

        Assert.Equal(12, first.Version.Length);
        Assert.Equal(first.Version, same.Version);
        Assert.NotEqual(first.Version, changed.Version);
    }

    [Fact]
    public void Rule_metas_and_tags_are_read_as_written()
    {
        using var rules = YaraTestKit.CompileText("""
            rule tagged : apt loader
            {
                meta:
                    author = "Someone"
                    score = 75
                    hash = "aa"
                    hash = "bb"
                    active = true
                condition:
                    true
            }
            """);

        var rule = Assert.Single(rules.Rules);
        Assert.Equal("tagged", rule.Identifier);
        Assert.Equal("test.yar", rule.Namespace);
        Assert.Equal(["apt", "loader"], rule.Tags);
        Assert.Equal(
            [new("author", "Someone"), new("score", "75"), new("hash", "aa"), new("hash", "bb"), new("active", "true")],
            rule.Metas);
    }

    private static string Rule(string name, string text) =>
        $"rule {name}\n{{\n    strings:\n        $s = \"{text}\"\n    condition:\n        $s\n}}\n";

    private static List<string> Matches(YaraRuleSet rules, string content) =>
        [.. rules.Scan(Encoding.ASCII.GetBytes(content), YaraExternals.Empty, TimeSpan.FromSeconds(5)).Matches.Select(m => m.Rule.Identifier).Order(StringComparer.Ordinal)];

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
