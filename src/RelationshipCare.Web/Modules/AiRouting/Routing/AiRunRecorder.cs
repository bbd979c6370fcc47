using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;
using RelationshipCare.Web.Modules.AiRouting.Features;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>
/// The end of every run: settle the reservation at the real cost, record the <c>ai_requests</c> row, cache a complete
/// answer, sample it for a shadow run, and tell the agent when the request had waited for approval. An agent's
/// request hands its settlement and its row to <see cref="AiRecordWriter"/>, so nothing waits on Redis or the
/// database after the answer; an approved one (a job) settles and updates its parked row itself, in its own scope.
/// A complete answer is cached without waiting for the shared cache's round trip.
/// </summary>
internal sealed class AiRunRecorder(
    IServiceScopeFactory scopes,
    AiRecordWriter writer,
    AnswerCache cache,
    AiNotifier notifier,
    IBackgroundJobClient jobs,
    IOptions<AiRoutingOptions> options,
    TimeProvider time)
{
    public async Task<AiAnswer> FinishAsync(AiRun run, RunResult result, CancellationToken cancellationToken)
    {
        var status = result.Model is null ? AiRequestStatus.Failed
            : result.Error is null ? AiRequestStatus.Completed
            : AiRequestStatus.Cancelled;
        if (run.Resumed)
        {
            // A job, not an agent waiting: its row exists (it was parked) and is updated at once.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AiRoutingDbContext>();
            await scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(async ct =>
            {
                if (run.ReservedMicros > 0)
                {
                    await scope.ServiceProvider.GetRequiredService<BudgetLedger>().SettleAsync(run.RequestId, run.BudgetKeys, result.CostMicros, ct);
                }

                Complete(run, await db.Requests.SingleAsync(r => r.Id == run.RequestId, ct), result, status);
            }, cancellationToken);
        }
        else
        {
            await writer.WriteAsync(Complete(run, NewRecord(run), result, status), run.ReservedMicros > 0 ? new BudgetSettlement(run.RequestId, run.BudgetKeys, result.CostMicros) : null);
        }

        if (status == AiRequestStatus.Completed && run.CacheLifetime > TimeSpan.Zero)
        {
            var answer = new CachedAnswer(result.Content, result.Model!.Model.Name, result.Model.Model.Provider, run.Tier, result.OutputTokens);
            cache.Store(run.CacheKey, answer, run.CacheLifetime, AnswerCache.TagsFor(run.Ask, run.Caller));
        }

        if (status == AiRequestStatus.Completed && InShadowSample(run.RequestId))
        {
            jobs.Enqueue<RunShadowComparison.Job>(job => job.RunAsync(run.RequestId, ShadowPayload.Of(run, result), CancellationToken.None));
        }

        var final = ToAnswer(run, result, status);
        if (run.Resumed)
        {
            await notifier.PublishAsync(run.Caller.AgentId, status == AiRequestStatus.Completed
                ? new AiNotice(AiNoticeKind.AnswerReady, run.RequestId, "Your approved AI request has its answer.")
                : new AiNotice(AiNoticeKind.Failed, run.RequestId, $"Your approved AI request could not run: {result.Error}"));
        }

        return final;
    }

    /// <summary>Records a request the router refused after approval (budget spent meanwhile, model gone) and tells the agent.</summary>
    public async Task FailResumedAsync(Guid requestId, Guid agentId, string reason, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AiRoutingDbContext>();
            var now = time.GetUtcNow();
            await scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(ct => db.Requests.Where(r => r.Id == requestId)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.Status, AiRequestStatus.Failed)
                    .SetProperty(r => r.Error, reason)
                    .SetProperty(r => r.Payload, (string?)null)
                    .SetProperty(r => r.CompletedAt, now), ct), cancellationToken);
        }

        await notifier.PublishAsync(agentId, new AiNotice(AiNoticeKind.Failed, requestId, $"Your approved AI request could not run: {reason}"));
    }

    /// <summary>A stable sample by request id: the same request is in or out on every instance.</summary>
    private bool InShadowSample(Guid requestId)
    {
        var shadow = options.Value.Shadow;
        if (shadow.CandidateModel is null || shadow.SampleRate <= 0)
        {
            return false;
        }

        var bytes = requestId.ToByteArray();
        return BitConverter.ToUInt32(bytes, 0) / (double)uint.MaxValue < shadow.SampleRate;
    }

    private AiRequestRecord Complete(AiRun run, AiRequestRecord record, RunResult result, AiRequestStatus status)
    {
        var model = result.Model?.Model ?? run.Chain[0].Model;
        record.Model = model.Name;
        record.Provider = model.Provider;
        record.PromptTokens = result.InputTokens;
        record.CachedTokens = result.CachedInputTokens;
        record.CompletionTokens = result.OutputTokens;
        record.CostMicros = result.CostMicros;
        record.ProcessingTimeMs = result.LatencyMs;
        record.Status = status;
        record.Error = result.Error?[..Math.Min(result.Error.Length, 1000)];
        record.Answer = result.Content;
        record.Payload = null;
        record.CompletedAt = time.GetUtcNow();
        return record;
    }

    private static AiRequestRecord NewRecord(AiRun run) => new()
    {
        Id = run.RequestId,
        AgentId = run.Caller.AgentId,
        TeamId = run.Caller.TeamId,
        ClientId = run.Ask.ClientId,
        RequestType = run.Ask.Type,
        Tier = run.Tier,
        Model = run.Chain[0].Model.Name,
        Provider = run.Chain[0].Model.Provider,
        Channel = run.Ask.Channel,
        EstimatedCostMicros = run.EstimateMicros,
        CreatedAt = run.CreatedAt,
    };

    private static AiAnswer ToAnswer(AiRun run, RunResult result, AiRequestStatus status)
    {
        var model = result.Model?.Model ?? run.Chain[0].Model;
        return new AiAnswer(
            run.RequestId,
            AiRequestView.StatusName(status),
            status == AiRequestStatus.Failed ? null : result.Content,
            model.Name,
            model.Provider,
            run.Tier,
            Micros.ToUsd(result.CostMicros),
            Micros.ToUsd(run.EstimateMicros),
            Cached: false,
            result.LatencyMs,
            result.InputTokens,
            result.OutputTokens,
            result.CachedInputTokens,
            result.Error);
    }
}
