using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace RelationshipCare.Web.Modules.AiRouting.Providers.Local;

/// <summary>
/// The built-in provider as an <see cref="IChatClient"/>: it summarizes, reads sentiment or drafts a message from
/// the request alone (see <see cref="LocalAiProvider"/>), streams its answer word by word, and reports token usage
/// counted with the o200k tokenizer. It never calls the network and costs nothing.
/// </summary>
internal sealed partial class LocalChatClient(Tokenizer tokenizer, TimeProvider time) : IChatClient
{
    private static readonly ChatClientMetadata Metadata = new(LocalAiProvider.Name, providerUri: null, LocalAiProvider.Model);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var answer = Answer(messages, options);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer.Text))
        {
            ResponseId = answer.Id,
            ModelId = answer.Model,
            CreatedAt = answer.CreatedAt,
            FinishReason = answer.FinishReason,
            Usage = answer.Usage,
        };
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var answer = Answer(messages, options);
        foreach (Match word in WordWithSpace().Matches(answer.Text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Update(answer, [new TextContent(word.Value)]);

            // Hand the thread back between words, as a network stream would, so a reader sees them arrive one by one.
            await Task.Yield();
        }

        var last = Update(answer, [new UsageContent(answer.Usage)]);
        last.FinishReason = answer.FinishReason;
        yield return last;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private static ChatResponseUpdate Update(LocalAnswer answer, IList<AIContent> contents) => new(ChatRole.Assistant, contents)
    {
        ResponseId = answer.Id,
        MessageId = answer.Id,
        ModelId = answer.Model,
        CreatedAt = answer.CreatedAt,
    };

    private LocalAnswer Answer(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        var request = LocalRequest.Read(list, options);
        var text = request.Task switch
        {
            LocalAiTask.Sentiment => LexiconSentiment.Analyze(request.Material).Describe(),
            LocalAiTask.Draft => TemplateDraft.Write(request),
            _ => ExtractiveSummary.Summarize(request.Material, request.Instruction),
        };

        var finish = ChatFinishReason.Stop;
        var outputTokens = tokenizer.CountTokens(text);
        if (options?.MaxOutputTokens is { } limit && outputTokens > limit)
        {
            // Cut where the token budget ends, as a remote model would stop mid-answer.
            text = text[..tokenizer.GetIndexByTokenCount(text, limit, out _, out outputTokens)];
            finish = ChatFinishReason.Length;
        }

        var inputTokens = list.Sum(m => (long)tokenizer.CountTokens(m.Text));
        var usage = new UsageDetails
        {
            InputTokenCount = inputTokens,
            OutputTokenCount = outputTokens,
            TotalTokenCount = inputTokens + outputTokens,
        };
        return new LocalAnswer($"local-{Guid.NewGuid():N}", options?.ModelId ?? LocalAiProvider.Model, time.GetUtcNow(), text, finish, usage);
    }

    [GeneratedRegex(@"\s*\S+\s*")]
    private static partial Regex WordWithSpace();

    private sealed record LocalAnswer(string Id, string Model, DateTimeOffset CreatedAt, string Text, ChatFinishReason FinishReason, UsageDetails Usage);
}
