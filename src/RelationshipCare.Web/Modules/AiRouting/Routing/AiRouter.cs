using System.Diagnostics;
using System.Text.Json;
using ErrorOr;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Providers;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

/// <summary>
/// The router's decisions, in the order that keeps every fault of the usual gateways out: budget check, cache (a hit
/// is free and needs no approval), model selection, a real-token estimate against the price table, the request's
/// own maximum cost, approval above the threshold, and the reservation. Running the request is
/// <see cref="AiExecutor"/>'s job; settling and recording it is <see cref="AiRunRecorder"/>'s.
/// </summary>
internal sealed class AiRouter(
    Lazy<AiRoutingDbContext> db,
    BudgetLedger ledger,
    ModelCatalogue catalogue,
    TokenCounter tokens,
    AnswerCache cache,
    IAiProviders providers,
    IClientContextSource clients,
    ISender sender,
    AiNotifier notifier,
    AiRecordWriter writer,
    UnitOfWork unitOfWork,
    IOptions<AiRoutingOptions> options,
    TimeProvider time)
{
    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    private const int DefaultOutputTokens = 1024;

    public async Task<ErrorOr<AiPlan>> PlanAsync(AiAsk ask, Guid agentId, CancellationToken cancellationToken)
    {
        var caller = await CallerAsync(agentId, cancellationToken);
        var lines = await ledger.LinesAsync(caller, cancellationToken);
        // A request that skips the cache has nothing between this check and its reservation, which checks the same
        // limits in the same round trip: the check is left to it (or to the approval, when it must wait for one).
        if (!ask.BypassCache)
        {
            var budget = await ledger.CheckAsync(lines, cancellationToken);
            if (budget.IsError)
            {
                return budget.Errors;
            }
        }

        return await PrepareAsync(Guid.CreateVersion7(time.GetUtcNow()), ask, caller, lines, resumed: false, budgetChecked: !ask.BypassCache, cancellationToken);
    }

    /// <summary>An approved request, from where it was parked: selection and estimate again (prices may have changed), then the reservation.</summary>
    public async Task<ErrorOr<AiRun>> ResumeAsync(AiRequestRecord record, CancellationToken cancellationToken)
    {
        var ask = JsonSerializer.Deserialize<AiAsk>(record.Payload!, PayloadJson)!;
        var caller = new AiCaller(record.AgentId, record.TeamId);
        var lines = await ledger.LinesAsync(caller, cancellationToken);
        var plan = await PrepareAsync(record.Id, ask, caller, lines, resumed: true, budgetChecked: true, cancellationToken);
        return plan.IsError ? plan.Errors : ((AiPlan.Ready)plan.Value).Run;
    }

    /// <summary>
    /// What a request would cost, without running it: the assistant shows this before sending. It counts the client's
    /// context as the request itself will, so the preview never shows less than the approval check will see.
    /// </summary>
    public async Task<ErrorOr<(string Model, string Tier, int PromptTokens, long EstimateMicros, bool NeedsApproval)>> EstimateAsync(AiAsk ask, Guid agentId, CancellationToken cancellationToken)
    {
        if (ask.ClientId is { } clientId && !await clients.CanSeeAsync(agentId, clientId, cancellationToken))
        {
            return AiRoutingErrors.ClientNotFound;
        }

        var route = await RouteAsync(ask, cancellationToken);
        if (route.IsError)
        {
            return route.Errors;
        }

        var (tier, chain) = route.Value;
        var promptTokens = tokens.CountPrompt((await WithClientContextAsync(ask, new AiCaller(agentId, null), cancellationToken)).Messages);
        var estimate = chain[0].Price.CostMicros(promptTokens, 0, chain[0].MaxOutputTokens);
        return (chain[0].Model.Name, tier, promptTokens, estimate, estimate > Micros.FromUsd(options.Value.ApprovalThresholdUsd));
    }

    private async Task<ErrorOr<AiPlan>> PrepareAsync(
        Guid requestId, AiAsk ask, AiCaller caller, IReadOnlyList<BudgetLine> lines, bool resumed, bool budgetChecked, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (ask.ClientId is { } clientId)
        {
            if (!await clients.CanSeeAsync(caller.AgentId, clientId, cancellationToken))
            {
                return AiRoutingErrors.ClientNotFound;
            }
        }

        var route = await RouteAsync(ask, cancellationToken);
        if (route.IsError)
        {
            return route.Errors;
        }

        var (tier, chain) = route.Value;
        var primary = chain[0];
        var lifetime = TimeSpan.FromMinutes(options.Value.CacheMinutes.GetValueOrDefault(ask.Type, 60));
        var key = AnswerCache.KeyFor(ask, caller, primary.Model.Name, primary.MaxOutputTokens);
        if (!resumed && !ask.BypassCache && await cache.FindAsync(key, cancellationToken) is { } hit)
        {
            return new AiPlan.Cached(await RecordHitAsync(requestId, ask, caller, tier, hit, started));
        }

        // The client's context joins the conversation only after the cache: the key holds the client's id, not their data.
        var withContext = await WithClientContextAsync(ask, caller, cancellationToken);
        var promptTokens = tokens.CountPrompt(withContext.Messages);
        if (promptTokens + primary.MaxOutputTokens > primary.Model.ContextWindow)
        {
            return AiRoutingErrors.OverContextWindow(primary.Model.Name, promptTokens + primary.MaxOutputTokens, primary.Model.ContextWindow);
        }

        var estimate = primary.Price.CostMicros(promptTokens, 0, primary.MaxOutputTokens);
        if (ask.MaxCostUsd is { } maxCost && estimate > Micros.FromUsd(maxCost))
        {
            return AiRoutingErrors.OverMaxCost(estimate, maxCost);
        }

        if (!resumed && estimate > Micros.FromUsd(options.Value.ApprovalThresholdUsd))
        {
            if (!budgetChecked && await ledger.CheckAsync(lines, cancellationToken) is { IsError: true } budget)
            {
                return budget.Errors;
            }

            return await ParkAsync(requestId, ask, caller, tier, primary, estimate, cancellationToken);
        }

        // A fallback may cost more than the first choice: the reservation covers the dearest model of the chain.
        // A free request reserves nothing, but its budgets are still checked here when they were not before.
        var reserve = chain.Max(route => route.Price.CostMicros(promptTokens, 0, route.MaxOutputTokens));
        if (reserve > 0 || !budgetChecked)
        {
            var reserved = await ledger.ReserveAsync(requestId, lines, reserve, writeBehind: !resumed, cancellationToken);
            if (reserved.IsError)
            {
                return reserved.Errors;
            }
        }

        return new AiPlan.Ready(new AiRun(requestId, withContext, caller, tier, chain, promptTokens, estimate, reserve, [.. lines.Select(l => l.Key)], key, lifetime,
            resumed ? (await db.Value.Requests.AsNoTracking().Where(r => r.Id == requestId).Select(r => r.CreatedAt).SingleAsync(cancellationToken)) : time.GetUtcNow(),
            resumed));
    }

    /// <summary>
    /// The tier (from the request, or the model the caller named) and its chain of models that can be routed to
    /// now: enabled, priced today, and at a configured provider. With no provider configured, that is <c>local</c>.
    /// </summary>
    private async Task<ErrorOr<(string Tier, IReadOnlyList<RouteModel> Chain)>> RouteAsync(AiAsk ask, CancellationToken cancellationToken)
    {
        var snapshot = await catalogue.GetAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        string tier;
        IEnumerable<string> names;
        if (ask.Model is null or AiAsk.Auto)
        {
            tier = RequestClassifier.TierFor(ask, options.Value.ReasoningComplexityBelow);
            names = snapshot.Tiers[tier];
        }
        else if (snapshot.Tiers.TryGetValue(ask.Model, out var tierChain))
        {
            tier = ask.Model.ToLowerInvariant();
            names = tierChain;
        }
        else if (snapshot.Find(ask.Model) is { } named)
        {
            tier = RequestClassifier.TierFor(ask, options.Value.ReasoningComplexityBelow);
            names = [named.Name];
            if (named.PriceOn(today) is null || !named.Enabled || !providers.Names.Contains(named.Provider))
            {
                return AiRoutingErrors.ModelNotRoutable(named.Name);
            }
        }
        else
        {
            return AiRoutingErrors.UnknownModel(ask.Model);
        }

        var chain = names
            .Select(snapshot.Find)
            .Where(model => model is { Enabled: true } && providers.Names.Contains(model.Provider))
            .Select(model => (Model: model!, Price: model!.PriceOn(today)))
            .Where(entry => entry.Price is not null)
            .Select(entry => new RouteModel(entry.Model, entry.Price!, OutputCap(ask, entry.Model)))
            .ToList();
        if (chain.Count == 0 && snapshot.Find(LocalModel.Name) is { } local && names.All(name => snapshot.Find(name) is not { } model || !providers.Names.Contains(model.Provider)))
        {
            // Nothing of the chain is configured (the local default): the built-in provider answers.
            chain.Add(new RouteModel(local, local.PriceOn(today)!, OutputCap(ask, local)));
        }

        return chain.Count == 0 ? AiRoutingErrors.NoPricedModel(tier) : (tier, chain);
    }

    private int OutputCap(AiAsk ask, CatalogueModel model) =>
        Math.Min(ask.MaxOutputTokens ?? options.Value.OutputTokens.GetValueOrDefault(ask.Type, DefaultOutputTokens), model.MaxOutputTokens);

    private async Task<AiAsk> WithClientContextAsync(AiAsk ask, AiCaller caller, CancellationToken cancellationToken)
    {
        if (ask.ClientId is not { } clientId || await clients.ContextForAsync(caller.AgentId, clientId, cancellationToken) is not { Length: > 0 } context)
        {
            return ask;
        }

        return ask with { Messages = [new AiMessage("system", "What we know about the client:\n" + context), .. ask.Messages] };
    }

    private async Task<AiCaller> CallerAsync(Guid agentId, CancellationToken cancellationToken)
    {
        var agent = await sender.Send(new GetAgent(agentId), cancellationToken);
        return new AiCaller(agentId, agent.IsError ? null : agent.Value.TeamId);
    }

    private async Task<AiAnswer> RecordHitAsync(Guid requestId, AiAsk ask, AiCaller caller, string tier, CachedAnswer hit, long started)
    {
        var elapsed = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await writer.WriteAsync(new AiRequestRecord
        {
            Id = requestId,
            AgentId = caller.AgentId,
            TeamId = caller.TeamId,
            ClientId = ask.ClientId,
            RequestType = ask.Type,
            Tier = tier,
            Model = hit.Model,
            Provider = hit.Provider,
            Channel = ask.Channel,
            Cached = true,
            Status = AiRequestStatus.Completed,
            ProcessingTimeMs = elapsed,
            CreatedAt = time.GetUtcNow(),
            CompletedAt = time.GetUtcNow(),
            Answer = hit.Content,
        }, settlement: null);
        return new AiAnswer(requestId, "completed", hit.Content, hit.Model, hit.Provider, tier, 0, 0, Cached: true, elapsed, 0, 0, 0, null);
    }

    private async Task<AiPlan> ParkAsync(Guid requestId, AiAsk ask, AiCaller caller, string tier, RouteModel primary, long estimate, CancellationToken cancellationToken)
    {
        var lead = await sender.Send(new GetAgentLead(caller.AgentId), cancellationToken);
        Guid? leadId = lead.IsError ? null : lead.Value.Id;
        var now = time.GetUtcNow();
        var question = ask.LastUserText;
        db.Value.Requests.Add(new AiRequestRecord
        {
            Id = requestId,
            AgentId = caller.AgentId,
            TeamId = caller.TeamId,
            ClientId = ask.ClientId,
            RequestType = ask.Type,
            Tier = tier,
            Model = primary.Model.Name,
            Provider = primary.Model.Provider,
            Channel = ask.Channel,
            EstimatedCostMicros = estimate,
            Status = AiRequestStatus.AwaitingApproval,
            CreatedAt = now,
            Payload = JsonSerializer.Serialize(ask, PayloadJson),
        });
        db.Value.Approvals.Add(new AiApproval
        {
            RequestId = requestId,
            AgentId = caller.AgentId,
            TeamId = caller.TeamId,
            LeadId = leadId,
            EstimatedCostMicros = estimate,
            Model = primary.Model.Name,
            PromptPreview = question.Length <= 280 ? question : question[..279] + "…",
            Status = ApprovalStatus.Pending,
            RequestedAt = now,
            ExpiresAt = now.AddMinutes(options.Value.ApprovalExpiryMinutes),
        });
        // Parked in the asking command's unit; the lead hears of it once it is committed, and can find it.
        if (leadId is { } id)
        {
            unitOfWork.AfterCommit(() => notifier.PublishAsync(id, new AiNotice(AiNoticeKind.ApprovalRequested, requestId,
                $"An AI request estimated at {AiRoutingErrors.Usd(estimate)} waits for your approval.")));
        }

        return new AiPlan.Parked(requestId, primary.Model.Name, estimate, leadId is not null);
    }
}
