using System.Diagnostics;
using System.Globalization;
using Mediator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Modules.AiRouting.Contracts;
using RelationshipCare.Web.Modules.AiRouting.Providers;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>
/// What a shadow run needs of the live one: the same conversation and parameters, and the live result. Plain types
/// only (an array, not a list), as Hangfire stores job arguments with their type names.
/// </summary>
internal sealed record ShadowPayload(string Type, AiMessage[] Messages, float? Temperature, int MaxOutputTokens, int PromptTokens, AiShadowResult Live)
{
    public static ShadowPayload Of(AiRun run, RunResult result) => new(
        run.Ask.Type, [.. run.Ask.Messages], run.Ask.Temperature, result.Model!.MaxOutputTokens, run.PromptTokens,
        new AiShadowResult(result.Model.Model.Name, result.Content, Micros.ToUsd(result.CostMicros), result.LatencyMs, null));
}

/// <summary>
/// The shadow hook: the candidate model answers a sampled request in the background (never on the agent's path),
/// under its own daily budget, and both results are published as <see cref="AiShadowCompared"/>.
/// </summary>
internal static class RunShadowComparison
{
    internal sealed class Job(
        ModelCatalogue catalogue,
        IAiProviders providers,
        BudgetLedger ledger,
        TokenCounter tokens,
        IPublisher publisher,
        IOptions<AiRoutingOptions> options,
        TimeProvider time,
        ILogger<Job> logger)
    {
        public async Task RunAsync(Guid requestId, ShadowPayload payload, CancellationToken cancellationToken)
        {
            var shadow = options.Value.Shadow;
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var snapshot = await catalogue.GetAsync(cancellationToken);
            if (shadow.CandidateModel is null || snapshot.Find(shadow.CandidateModel) is not { Enabled: true } candidate
                || candidate.PriceOn(today) is not { } price || !providers.Names.Contains(candidate.Provider))
            {
                return;
            }

            var maxOutput = Math.Min(payload.MaxOutputTokens, candidate.MaxOutputTokens);
            var estimate = price.CostMicros(payload.PromptTokens, 0, maxOutput);
            var lines = new[] { new BudgetLine($"shadow:day:{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", "the shadow budget", Micros.FromUsd(shadow.DailyBudgetUsd)) };
            var shadowId = Guid.CreateVersion7(time.GetUtcNow());
            if ((await ledger.ReserveAsync(shadowId, lines, estimate, writeBehind: false, cancellationToken)).IsError)
            {
                logger.LogInformation("Shadow run of {RequestId} skipped: the shadow budget is spent for today", requestId);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            AiShadowResult result;
            long cost = 0;
            try
            {
                var response = await providers.GetChatClient(candidate.Provider, candidate.Name).GetResponseAsync(
                    [.. payload.Messages.Select(m => new ChatMessage(new ChatRole(m.Role), m.Content))],
                    new ChatOptions { ModelId = candidate.Name, MaxOutputTokens = maxOutput, Temperature = payload.Temperature },
                    cancellationToken);
                cost = price.CostMicros(
                    (int?)response.Usage?.InputTokenCount ?? payload.PromptTokens,
                    (int?)response.Usage?.CachedInputTokenCount ?? 0,
                    (int?)response.Usage?.OutputTokenCount ?? tokens.Count(response.Text));
                result = new AiShadowResult(candidate.Name, response.Text, Micros.ToUsd(cost), Elapsed(started), null);
            }
            catch (AiProviderUnavailableException unavailable)
            {
                result = new AiShadowResult(candidate.Name, null, 0, Elapsed(started), unavailable.Message);
            }
            finally
            {
                await ledger.SettleAsync(shadowId, [lines[0].Key], cost, CancellationToken.None);
            }

            await publisher.Publish(new AiShadowCompared(requestId, payload.Type, payload.Live, result), cancellationToken);
        }

        private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
