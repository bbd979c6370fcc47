using Microsoft.ML.Tokenizers;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Tests.Modules.AiRouting.Routing;

/// <summary>
/// The counter splits text with its own copy of the o200k pattern: its counts must be the library's own o200k
/// tokenizer's, exactly, for any text.
/// </summary>
public sealed class TokenCounterTests
{
    // One of each per test: the library's tokenizer counts a special token's literal text differently once its cache
    // holds some pieces (seen after the random strings below), so no test may inherit another's.
    private readonly TiktokenTokenizer _library = TiktokenTokenizer.CreateForModel("gpt-4o");
    private readonly TokenCounter _counter = new();

    [Fact]
    public void Given_the_library_o200k_tokenizer_Then_the_special_tokens_are_the_same()
    {
        Assert.Equal(_library.SpecialTokens!.OrderBy(t => t.Key), TokenCounter.SpecialTokens.OrderBy(t => t.Key));
    }

    [Theory]
    [InlineData("When is the renewal due?")]
    [InlineData("She's sure they'LL renew; we've asked, I'm told, he'd agree and it's DONE'S.")]
    [InlineData("Policy HO-2026-00042 renews on 2026-01-15 for $1,234.56 (12345678 digits).")]
    [InlineData("  leading and trailing spaces  \n\n\r\n\tand tabs\t \n")]
    [InlineData("Größere Schäden: Überschwemmung, Ölpreis, façade, naïve résumé")]
    [InlineData("保険の更新日はいつですか？ 請求書を送ってください。")]
    [InlineData("مرحبا، متى يتم تجديد الوثيقة؟")]
    [InlineData("Emoji 😀👍🏽 and ZWJ 👨‍👩‍👧 sequences, ǅ titlecase, ᵃʰ modifiers, e\u0301 combining")]
    [InlineData("path/to/file\r\n//comment ---- ==== !!! ??? <tag attr=\"x\">")]
    [InlineData("text <|endoftext|> more <|endofprompt|> end <|notspecial|>")]
    public void Given_text_When_counted_Then_the_count_is_the_library_count(string text)
    {
        Assert.Equal(_library.CountTokens(text), _counter.Count(text));
    }

    [Fact]
    public void Given_random_text_from_many_scripts_When_counted_Then_every_count_is_the_library_count()
    {
        const string pool = "aZ 09\r\n\t'sStTdDlLmM.,!?-_/()\"éÉßñ中文字かなカナ한국ـًٌ😀\u00A0\u2028\u0301ǅᵃⅫ½<|endoftext|>";
        var random = new Random(20261126);
        for (var i = 0; i < 20_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 60)).Select(_ => pool[random.Next(pool.Length)])]);
            Assert.True(_library.CountTokens(text) == _counter.Count(text), $"Counts differ for \"{text}\".");
        }
    }

    [Fact]
    public void Given_no_text_Then_it_counts_nothing_and_a_prompt_counts_the_chat_format()
    {
        Assert.Equal(0, _counter.Count(""));
        Assert.Equal(3 + 3 + _library.CountTokens("Hi"), _counter.CountPrompt([new AiMessage("user", "Hi")]));
    }
}
