using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;
using RelationshipCare.Web.Modules.AiRouting.Providers;

namespace RelationshipCare.Tests.Modules.AiRouting.Providers;

/// <summary>The built-in provider answers from the request alone, honestly, and reports what it used.</summary>
public sealed class LocalProviderTests : IAsyncLifetime
{
    private const string CallNotes = """
        Spoke with Maria Lopez this morning about her homeowners policy.
        She was polite and the call was short.
        Her renewal premium rises from $1,480 to $1,710 on January 15, 2027, mainly because of the new roof replacement cost estimate.
        She asked whether raising the deductible to $2,500 would bring the premium back under $1,500.
        She also mentioned that her daughter starts driving in March and will need to be added to the auto policy.
        The weather was nice.
        I promised to send a quote with the higher deductible and the teen driver added by Friday.
        She said she will compare quotes from two other carriers before renewing.
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ProvidersHarness _harness = null!;

    private IChatClient Local => _harness.Providers.GetChatClient(LocalAiProvider.Name, LocalAiProvider.Model);

    public ValueTask InitializeAsync()
    {
        _harness = ProvidersHarness.Start(new Dictionary<string, string?>());
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Given_call_notes_When_asking_for_a_summary_Then_the_most_informative_sentences_are_quoted_in_order()
    {
        var response = await Local.GetResponseAsync([new(ChatRole.User, "Summarize these call notes:\n" + CallNotes)], cancellationToken: Ct);

        var lines = response.Text.Split('\n');
        Assert.StartsWith("Key points (the 3 most informative of 8 sentences", lines[0], StringComparison.Ordinal);
        var points = lines[1..].Select(l => l[2..]).ToList();
        Assert.Equal(3, points.Count);
        Assert.All(points, p => Assert.Contains(p, CallNotes, StringComparison.Ordinal));
        Assert.Contains(points, p => p.Contains("$1,710 on January 15, 2027", StringComparison.Ordinal));
        Assert.Contains(points, p => p.Contains("deductible to $2,500", StringComparison.Ordinal));
        Assert.DoesNotContain(points, p => p.Contains("weather", StringComparison.Ordinal) || p.Contains("Summarize", StringComparison.Ordinal));
        Assert.Equal(points.OrderBy(p => CallNotes.IndexOf(p, StringComparison.Ordinal)), points);
    }

    [Fact]
    public async Task Given_a_question_about_the_notes_When_asking_Then_the_sentences_that_answer_it_are_quoted()
    {
        var response = await Local.GetResponseAsync([new(ChatRole.User, "What did she say about her daughter driving?\n\n" + CallNotes)], cancellationToken: Ct);

        Assert.StartsWith("Key points (the 3 of 8 sentences most relevant to the request", response.Text, StringComparison.Ordinal);
        Assert.Contains("- She also mentioned that her daughter starts driving in March", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_no_material_When_asking_for_a_summary_Then_it_says_there_is_nothing_to_summarize()
    {
        var response = await Local.GetResponseAsync([new(ChatRole.User, "Summarize the notes.")], cancellationToken: Ct);

        Assert.StartsWith("There is no text to summarize", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I am really frustrated. The claim has been delayed for six weeks and nobody calls me back. I am not happy and I will cancel if this goes on.", "negative", "really frustrated")]
    [InlineData("Thank you so much for sorting out the claim so quickly, the adjuster was very helpful and I would recommend you to my neighbours.", "positive", "very helpful")]
    [InlineData("Please update the mailing address on the policy to 12 Oak Street. The policy number is HO-4471.", "neutral", null)]
    public async Task Given_a_client_message_When_asking_for_its_sentiment_Then_the_label_score_and_driving_words_come_back(string message, string label, string? cue)
    {
        var response = await Local.GetResponseAsync(
            [new(ChatRole.User, "What is the sentiment of this message?\n\n" + message)],
            cancellationToken: Ct);

        var lines = response.Text.Split('\n');
        Assert.StartsWith($"Sentiment: {label} (score ", lines[0], StringComparison.Ordinal);
        var score = double.Parse(lines[0].Split("score ")[1].TrimEnd(')'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(label switch { "negative" => -1, "positive" => 1, _ => 0 }, Math.Sign(score));
        if (cue is null)
        {
            Assert.Equal("No words in the text carry sentiment.", lines[1]);
        }
        else
        {
            Assert.Contains(cue, lines[1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Given_a_negated_positive_word_When_reading_sentiment_Then_it_counts_against()
    {
        var response = await Local.GetResponseAsync([new(ChatRole.User, "The client wrote: I am not happy with the renewal price.")], Sentiment(), Ct);

        Assert.StartsWith("Sentiment: negative", response.Text, StringComparison.Ordinal);
        Assert.Contains("not happy (-", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_clients_context_When_asking_for_a_renewal_reminder_Then_the_template_is_filled_from_it()
    {
        var response = await Local.GetResponseAsync(
            [
                new(ChatRole.System, "Client: Maria Lopez\nPolicy: homeowners\nPolicy number: HO-4471\nRenewal date: 2027-01-15\nPremium: $1,710\nAgent: Sam Carter\nAgency: Harbor Insurance"),
                new(ChatRole.User, "Draft a renewal reminder for this client."),
            ],
            cancellationToken: Ct);

        Assert.StartsWith("Subject: Your homeowners policy renews on January 15, 2027", response.Text, StringComparison.Ordinal);
        Assert.Contains("Hi Maria,", response.Text, StringComparison.Ordinal);
        Assert.Contains("(HO-4471) is due to renew on January 15, 2027. The renewal premium is $1,710.", response.Text, StringComparison.Ordinal);
        Assert.EndsWith("Best regards,\nSam Carter\nHarbor Insurance", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("[", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_json_context_without_a_renewal_date_When_drafting_a_renewal_reminder_Then_the_gap_is_a_placeholder_and_listed()
    {
        var response = await Local.GetResponseAsync(
            [new(ChatRole.User, "Write a renewal reminder.\n\n{\"clientName\": \"Tom Reyes\", \"policyType\": \"auto\", \"agentName\": \"Sam Carter\"}")],
            cancellationToken: Ct);

        Assert.Contains("Hi Tom,", response.Text, StringComparison.Ordinal);
        Assert.Contains("Your auto policy is due to renew on [renewal date].", response.Text, StringComparison.Ordinal);
        Assert.EndsWith("(Fill in before sending: renewal date.)", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_conversation_topic_When_asking_for_a_follow_up_Then_it_thanks_and_names_the_next_step()
    {
        var response = await Local.GetResponseAsync(
            [new(ChatRole.User, "Compose a follow-up message.\nClient: Maria Lopez\nTopic: the higher deductible quote\nNext step: I will email the quote by Friday\nAgent: Sam Carter")],
            cancellationToken: Ct);

        Assert.StartsWith("Subject: Following up on the higher deductible quote", response.Text, StringComparison.Ordinal);
        Assert.Contains("Thank you for taking the time to speak with me about the higher deductible quote. As we discussed, the next step is: I will email the quote by Friday.", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_task_property_When_the_wording_asks_for_something_else_Then_the_property_decides()
    {
        var asked = new List<ChatMessage> { new(ChatRole.User, "Draft a reply to this: I am furious about the cancellation notice.") };

        var byProperty = await Local.GetResponseAsync(asked, Sentiment(), Ct);
        var bySystemLine = await Local.GetResponseAsync([new(ChatRole.System, "Task: sentiment"), .. asked], cancellationToken: Ct);

        Assert.StartsWith("Sentiment: negative", byProperty.Text, StringComparison.Ordinal);
        Assert.Equal(byProperty.Text, bySystemLine.Text);
    }

    [Fact]
    public async Task Given_any_request_When_streaming_Then_the_answer_arrives_word_by_word_and_ends_with_its_token_usage()
    {
        List<ChatMessage> messages = [new(ChatRole.User, "Summarize these call notes:\n" + CallNotes)];
        var whole = await Local.GetResponseAsync(messages, cancellationToken: Ct);

        var updates = await Local.GetStreamingResponseAsync(messages, cancellationToken: Ct).ToListAsync(Ct);

        var texts = updates.Where(u => u.Text.Length > 0).Select(u => u.Text).ToList();
        Assert.True(texts.Count > 20, $"Only {texts.Count} updates.");
        Assert.All(texts, t => Assert.Single(t.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(whole.Text, string.Concat(texts));
        var usage = Assert.IsType<UsageContent>(Assert.Single(updates[^1].Contents)).Details;
        var tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");
        Assert.Equal(tokenizer.CountTokens(messages[0].Text), usage.InputTokenCount);
        Assert.Equal(tokenizer.CountTokens(whole.Text), usage.OutputTokenCount);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        Assert.Equal(whole.Usage!.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task Given_an_output_limit_When_the_answer_is_longer_Then_it_is_cut_at_the_limit()
    {
        var response = await Local.GetResponseAsync(
            [new(ChatRole.User, "Summarize these call notes:\n" + CallNotes)],
            new ChatOptions { MaxOutputTokens = 12 },
            Ct);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(12, response.Usage!.OutputTokenCount);
        Assert.Equal(12, TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens(response.Text));
    }

    [Fact]
    public void Given_the_local_provider_When_an_admin_looks_Then_it_is_always_healthy_and_listed_first()
    {
        Assert.Equal([LocalAiProvider.Name], _harness.Providers.Names);
        Assert.Equal(AiProviderHealth.Healthy, _harness.Providers.GetStatus(LocalAiProvider.Name).Health);
        Assert.Equal(LocalAiProvider.Name, Local.GetService<ChatClientMetadata>()?.ProviderName);
        Assert.Throws<ArgumentException>(() => _harness.Providers.GetChatClient("nowhere", "gpt-4o"));
    }

    private static ChatOptions Sentiment() =>
        new() { AdditionalProperties = new() { [LocalAiProvider.TaskProperty] = LocalAiTask.Sentiment } };
}
