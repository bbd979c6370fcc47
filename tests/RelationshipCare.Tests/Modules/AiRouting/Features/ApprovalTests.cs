using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Features;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Tests.Modules.AiRouting.Features;

/// <summary>
/// An expensive request waits for the agent's team lead: parked with its estimate, the lead told at once, then run
/// in the background on approval (the agent told with the answer), or refused with the lead's reason, or expired.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ApprovalTests(HostFixture host) : AiRoutingTest(host)
{
    private const string Prompt = "Summarize for the annual review: the Lopez household renews its homeowners policy on 15 January. "
        + "They asked about a higher deductible. The premium rose 8% last year after a roof claim.";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // $60 per million output tokens: the complex tier's 2,000 tokens alone come to $0.12, above the $0.10 threshold.
        await RouteTierToPricedModelAsync("complex", 1, 60);
    }

    [Fact]
    public async Task Given_an_expensive_request_When_the_lead_approves_it_Then_it_runs_in_the_background_and_the_agent_gets_the_answer()
    {
        var leadNotices = Listen(Demo.MorganLee);
        var agentNotices = Listen(Demo.PriyaShah);
        var priya = await ApiClientAsync(Demo.PriyaShah);
        var morgan = await ApiClientAsync(Demo.MorganLee);

        var parked = await (await priya.PostAsJsonAsync("/api/ai/requests", new { type = "complex", prompt = Prompt, complexity = 7 }, Ct))
            .ShouldBeAsync<AskAi.Parked>(HttpStatusCode.Accepted);
        var toLead = await NextAsync(leadNotices, AiNoticeKind.ApprovalRequested);
        var queue = await (await morgan.GetAsync("/api/ai/approvals", Ct)).ShouldBeAsync<List<ListApprovals.Pending>>(HttpStatusCode.OK);
        var decision = await (await morgan.PostAsync($"/api/ai/approvals/{parked.RequestId}/approve", null, Ct)).ShouldBeAsync<DecideApproval.Decision>(HttpStatusCode.OK);
        var ready = await NextAsync(agentNotices, AiNoticeKind.AnswerReady);
        var status = await (await priya.GetAsync($"/api/ai/requests/{parked.RequestId}", Ct)).ShouldBeAsync<GetAiRequest.View>(HttpStatusCode.OK);

        Assert.Equal(("awaiting_approval", PricedModel, true), (parked.Status, parked.Model, parked.LeadNotified));
        Assert.InRange(parked.EstimatedCostUsd, 0.12m, 0.121m);
        Assert.Equal(parked.RequestId, toLead.RequestId);
        var pending = Assert.Single(queue);
        Assert.Equal((parked.RequestId, "Priya Shah", PricedModel), (pending.RequestId, pending.AgentName, pending.Model));
        Assert.Equal("approved", decision.Status);
        Assert.Equal(parked.RequestId, ready.RequestId);
        Assert.Equal(("completed", PricedModel), (status.Status, status.Model));
        Assert.False(string.IsNullOrWhiteSpace(status.Answer));
        Assert.True(status.CostUsd > 0 && status.CostUsd <= status.EstimatedCostUsd, $"Settled at {status.CostUsd}, estimated {status.EstimatedCostUsd}.");
        var reservation = await ReadAiAsync(db => db.Reservations.AsNoTracking().SingleAsync(r => r.RequestId == parked.RequestId, Ct));
        Assert.NotNull(reservation.SettledAt);
    }

    [Fact]
    public async Task Given_an_approved_answer_in_the_cache_When_the_agent_asks_the_same_again_Then_it_is_answered_at_once_free_without_approval()
    {
        var agentNotices = Listen(Demo.PriyaShah);
        var parked = (AiPlan.Parked)(await PlanAsync(Question(Prompt, "complex", 7), Demo.PriyaShah)).Value;
        await Host.SendAsync(new DecideApproval.Command { RequestId = parked.RequestId, Approve = true }, Demo.MorganLee);
        await NextAsync(agentNotices, AiNoticeKind.AnswerReady);

        var again = await PlanAsync(Question(Prompt, "complex", 7), Demo.PriyaShah);

        var cached = Assert.IsType<AiPlan.Cached>(again.Value);
        Assert.Equal((true, 0m), (cached.Answer.Cached, cached.Answer.CostUsd));
    }

    [Fact]
    public async Task Given_an_expensive_request_When_the_lead_denies_it_with_a_reason_Then_the_agent_is_told_why_and_nothing_runs()
    {
        var agentNotices = Listen(Demo.PriyaShah);
        var parked = (AiPlan.Parked)(await PlanAsync(Question(Prompt, "complex", 7), Demo.PriyaShah)).Value;
        var morgan = await ApiClientAsync(Demo.MorganLee);

        var response = await morgan.PostAsJsonAsync($"/api/ai/approvals/{parked.RequestId}/deny", new { reason = "Use the renewal template instead." }, Ct);

        var decision = await response.ShouldBeAsync<DecideApproval.Decision>(HttpStatusCode.OK);
        Assert.Equal("denied", decision.Status);
        var notice = await NextAsync(agentNotices, AiNoticeKind.Denied);
        Assert.Contains("Use the renewal template instead.", notice.Message, StringComparison.Ordinal);
        var record = Assert.Single(await RequestsAsync());
        Assert.Equal((AiRequestStatus.Denied, 0L, null), (record.Status, record.CostMicros, record.Payload));
        Assert.Contains("Use the renewal template instead.", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_denial_without_a_reason_When_sent_Then_the_reason_is_required()
    {
        var parked = (AiPlan.Parked)(await PlanAsync(Question(Prompt, "complex", 7), Demo.PriyaShah)).Value;
        var morgan = await ApiClientAsync(Demo.MorganLee);

        var response = await morgan.PostAsJsonAsync($"/api/ai/approvals/{parked.RequestId}/deny", new { reason = "" }, Ct);

        await response.ShouldBeValidationProblemAsync("reason");
    }

    [Fact]
    public async Task Given_a_decided_request_When_decided_again_Then_the_second_decision_is_refused()
    {
        var parked = (AiPlan.Parked)(await PlanAsync(Question(Prompt, "complex", 7), Demo.PriyaShah)).Value;
        await Host.SendAsync(new DecideApproval.Command { RequestId = parked.RequestId, Approve = false, Reason = "Not now." }, Demo.MorganLee);

        var second = await Host.SendAsync(new DecideApproval.Command { RequestId = parked.RequestId, Approve = true }, Demo.Admin);

        Assert.Equal("ai.approval-decided", second.FirstError.Code);
    }

    [Fact]
    public async Task Given_an_agent_without_the_lead_role_When_they_approve_Then_they_are_forbidden()
    {
        var parked = (AiPlan.Parked)(await PlanAsync(Question(Prompt, "complex", 7), Demo.PriyaShah)).Value;
        var daniel = await ApiClientAsync(Demo.DanielOkafor);

        var response = await daniel.PostAsync($"/api/ai/approvals/{parked.RequestId}/approve", null, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_a_parked_request_nobody_decides_When_its_time_runs_out_Then_it_expires_the_agent_is_told_and_it_can_no_longer_be_approved()
    {
        var agentNotices = Listen(Demo.PriyaShah);
        var parked = (AiPlan.Parked)(await PlanAsync(Question(Prompt, "complex", 7), Demo.PriyaShah)).Value;
        await ReadAiAsync(db => db.Approvals.Where(a => a.RequestId == parked.RequestId)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)), Ct));

        var expired = await Host.SendAsync(new ExpireApprovals.Command());
        var late = await Host.SendAsync(new DecideApproval.Command { RequestId = parked.RequestId, Approve = true }, Demo.MorganLee);

        Assert.Equal(1, expired.Value);
        await NextAsync(agentNotices, AiNoticeKind.Expired);
        Assert.Equal("ai.approval-decided", late.FirstError.Code);
        Assert.Equal(AiRequestStatus.Expired, Assert.Single(await RequestsAsync()).Status);
    }
}
