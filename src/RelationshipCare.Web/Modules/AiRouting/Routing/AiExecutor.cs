using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using RelationshipCare.Web.Modules.AiRouting.Providers;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>
/// Runs a reserved request through its model chain: the first model whose provider is available answers; a provider
/// that is unavailable (breaker open, overloaded past its retries) hands over to the next. Every run ends settled and
/// recorded at the provider's reported usage, streamed or not, also when the caller goes away mid-stream.
/// </summary>
internal sealed class AiExecutor(IAiProviders providers, AiRunRecorder recorder, TokenCounter tokens, ILogger<AiExecutor> logger)
{
    /// <summary>
    /// Runs to the end even when the caller goes away: the provider bills the whole answer either way, so it is
    /// settled at its real usage and cached for the next time it is asked.
    /// </summary>
    public async Task<AiAnswer> RunAsync(AiRun run)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await AnswerAsync(run, [], started, CancellationToken.None);
        return await recorder.FinishAsync(run, result, CancellationToken.None);
    }

    private async Task<RunResult> AnswerAsync(AiRun run, List<string> unavailable, long started, CancellationToken cancellationToken)
    {
        foreach (var route in run.Chain)
        {
            try
            {
                var response = await providers.GetChatClient(route.Model.Provider, route.Model.Name)
                    .GetResponseAsync(Messages(run), Options(run, route), cancellationToken);
                var content = response.Text;
                return Account(run, route, content, response.Usage, started);
            }
            catch (AiProviderUnavailableException unavailableProvider)
            {
                logger.LogWarning("AI provider {Provider} unavailable for {Model}: {Reason}", unavailableProvider.Provider, route.Model.Name, unavailableProvider.Message);
                unavailable.Add($"{route.Model.Name} at {route.Model.Provider}");
            }
        }

        return new RunResult(null, "", 0, 0, 0, Elapsed(started), AiRoutingErrors.ProvidersUnavailable(string.Join(", ", unavailable)).Description);
    }

    /// <summary>
    /// Streams the answer as it arrives. A provider may be swapped for the next one only before its first token.
    /// The run is settled in <c>finally</c>: when the caller stops reading or cancels, it is charged what the
    /// provider reported, or (when the provider never sent its usage) the prompt and the tokens received, counted.
    /// </summary>
    public async IAsyncEnumerable<AiStreamEvent> StreamAsync(AiRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var text = new StringBuilder();
        RouteModel? answering = null;
        UsageDetails? usage = null;
        string? error = null;
        IAsyncEnumerator<ChatResponseUpdate>? stream = null;
        AiAnswer? final = null;
        try
        {
            var unavailable = new List<string>();
            ChatResponseUpdate? first = null;
            foreach (var route in run.Chain)
            {
                (stream, first) = await StartAsync(run, route, unavailable, cancellationToken);
                if (stream is not null)
                {
                    answering = route;
                    break;
                }
            }

            if (stream is null)
            {
                error = AiRoutingErrors.ProvidersUnavailable(string.Join(", ", unavailable)).Description;
                yield break;
            }

            for (var update = first; update is not null; update = await stream.MoveNextAsync() ? stream.Current : null)
            {
                usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
                if (update.Text is { Length: > 0 } piece)
                {
                    text.Append(piece);
                    yield return new AiStreamEvent(piece, null);
                }
            }

            final = await FinishAsync();
            yield return new AiStreamEvent(null, final);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            if (final is null)
            {
                error ??= "The answer was cut off before it finished.";
                await FinishAsync();
            }
        }

        Task<AiAnswer> FinishAsync()
        {
            var result = answering is null
                ? new RunResult(null, "", 0, 0, 0, Elapsed(started), error)
                : Account(run, answering, text.ToString(), usage, started) with { Error = error };
            return recorder.FinishAsync(run, result, CancellationToken.None);
        }
    }

    private async Task<(IAsyncEnumerator<ChatResponseUpdate>? Stream, ChatResponseUpdate? First)> StartAsync(
        AiRun run, RouteModel route, List<string> unavailable, CancellationToken cancellationToken)
    {
        var stream = providers.GetChatClient(route.Model.Provider, route.Model.Name)
            .GetStreamingResponseAsync(Messages(run), Options(run, route), cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        try
        {
            return await stream.MoveNextAsync() ? (stream, stream.Current) : (stream, null);
        }
        catch (AiProviderUnavailableException unavailableProvider)
        {
            logger.LogWarning("AI provider {Provider} unavailable for {Model}: {Reason}", unavailableProvider.Provider, route.Model.Name, unavailableProvider.Message);
            unavailable.Add($"{route.Model.Name} at {route.Model.Provider}");
            await stream.DisposeAsync();
            return (null, null);
        }
    }

    /// <summary>The provider's usage where it reported it; our own count where it did not (never $0 for a priced model).</summary>
    private RunResult Account(AiRun run, RouteModel route, string content, UsageDetails? usage, long started) => new(
        route,
        content,
        (int?)usage?.InputTokenCount ?? run.PromptTokens,
        (int?)usage?.CachedInputTokenCount ?? 0,
        (int?)usage?.OutputTokenCount ?? tokens.Count(content),
        Elapsed(started),
        null);

    private static List<ChatMessage> Messages(AiRun run) =>
        [.. run.Ask.Messages.Select(m => new ChatMessage(new ChatRole(m.Role), m.Content))];

    private static ChatOptions Options(AiRun run, RouteModel route) => new()
    {
        ModelId = route.Model.Name,
        MaxOutputTokens = route.MaxOutputTokens,
        Temperature = run.Ask.Temperature,
    };

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
