using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc.Testing;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.AiRouting.Features;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Tests.Modules.AiRouting.Features;

/// <summary>
/// Two instances of the host on the same PostgreSQL and Redis, as behind a load balancer: approval notices reach
/// the person's open pages on whichever instance they are connected to.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class NoticesAcrossInstancesTests(HostFixture host) : AiRoutingTest(host)
{
    private const string Prompt = "Summarize for the annual review: the Lopez household renews its homeowners policy on 15 January. "
        + "They asked about a higher deductible.";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // The complex tier's 2,000 output tokens at $60 per million come to $0.12, above the $0.10 threshold.
        await RouteTierToPricedModelAsync("complex", 1, 60);
    }

    [Fact]
    public async Task Given_a_lead_on_one_instance_When_an_agent_on_another_parks_a_request_Then_the_lead_is_told_and_the_agent_hears_the_denial()
    {
        await using var other = Host.CreateVariant(new Dictionary<string, string>());
        var leadOnThis = Listen(Demo.MorganLee);
        var agentOnOther = ListenOn(other, Demo.PriyaShah);
        var priyaOnOther = other.CreateApiClient((await new ApiKeyBuilder(Demo.PriyaShah.Id).SaveAsync(Host.Services)).Secret);

        var parked = await (await priyaOnOther.PostAsJsonAsync("/api/ai/requests", new { type = "complex", prompt = Prompt, complexity = 7 }, Ct))
            .ShouldBeAsync<AskAi.Parked>(HttpStatusCode.Accepted);
        var toLead = await NextAsync(leadOnThis, AiNoticeKind.ApprovalRequested);
        await Host.SendAsync(new DecideApproval.Command { RequestId = parked.RequestId, Approve = false, Reason = "Use the review template." }, Demo.MorganLee);
        var toAgent = await NextAsync(agentOnOther, AiNoticeKind.Denied);

        Assert.Equal(parked.RequestId, toLead.RequestId);
        Assert.Equal(parked.RequestId, toAgent.RequestId);
        Assert.Contains("Use the review template.", toAgent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_agent_on_one_instance_When_the_lead_on_another_approves_Then_the_agent_hears_of_it_and_of_the_answer()
    {
        await using var other = Host.CreateVariant(new Dictionary<string, string>());
        var leadOnOther = ListenOn(other, Demo.MorganLee);
        var agentOnThis = Listen(Demo.PriyaShah);
        var parked = (AiPlan.Parked)(await PlanAsync(Question(Prompt, "complex", 7), Demo.PriyaShah)).Value;
        var morganOnOther = other.CreateApiClient((await new ApiKeyBuilder(Demo.MorganLee.Id).SaveAsync(Host.Services)).Secret);

        var toLead = await NextAsync(leadOnOther, AiNoticeKind.ApprovalRequested);
        var decision = await (await morganOnOther.PostAsync($"/api/ai/approvals/{parked.RequestId}/approve", null, Ct))
            .ShouldBeAsync<DecideApproval.Decision>(HttpStatusCode.OK);
        var approved = await NextAsync(agentOnThis, AiNoticeKind.Approved);
        var ready = await NextAsync(agentOnThis, AiNoticeKind.AnswerReady);

        Assert.Equal(parked.RequestId, toLead.RequestId);
        Assert.Equal("approved", decision.Status);
        Assert.Equal((parked.RequestId, parked.RequestId), (approved.RequestId, ready.RequestId));
    }

    [Fact]
    public async Task Given_a_host_on_another_Redis_database_When_a_request_is_parked_Then_its_notice_stays_with_its_own_database()
    {
        await using var apart = Host.CreateVariant(new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = $"{TestServices.RedisServer},defaultDatabase={TestServices.RedisDatabase + 5}",
        });
        var leadApart = ListenOn(apart, Demo.MorganLee);
        var leadHere = Listen(Demo.MorganLee);

        var parked = (AiPlan.Parked)(await PlanAsync(Question(Prompt, "complex", 7), Demo.PriyaShah)).Value;
        await NextAsync(leadHere, AiNoticeKind.ApprovalRequested);
        // The notice reached this database's instance; the other had every chance to hear it by then.
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);

        Assert.True(parked.LeadNotified);
        Assert.False(leadApart.TryRead(out var stray), $"A host on another Redis database heard {stray?.Kind}.");
    }

    private static ChannelReader<AiNotice> ListenOn(WebApplicationFactory<Program> instance, DemoPerson person)
    {
        var notices = Channel.CreateUnbounded<AiNotice>();
        // Disposed with the instance.
        _ = instance.Services.GetRequiredService<AiNotifier>().Subscribe(person.Id, notice => notices.Writer.WriteAsync(notice).AsTask());
        return notices.Reader;
    }
}
