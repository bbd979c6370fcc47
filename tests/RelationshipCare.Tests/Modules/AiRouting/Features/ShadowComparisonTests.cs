using Hangfire;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Contracts;
using RelationshipCare.Web.Modules.AiRouting.Features;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;

namespace RelationshipCare.Tests.Modules.AiRouting.Features;

/// <summary>The shadow hook: a candidate model answers sampled requests off the agent's path, under its own budget.</summary>
[Collection(HostCollection.Name)]
public sealed class ShadowComparisonTests(HostFixture host) : AiRoutingTest(host)
{
    private static readonly Dictionary<string, string> WithCandidate = new()
    {
        ["AiRouting:Models:8:Name"] = "local-candidate",
        ["AiRouting:Models:8:Provider"] = "local",
        ["AiRouting:Models:8:ContextWindow"] = "128000",
        ["AiRouting:Models:8:MaxOutputTokens"] = "4096",
        ["AiRouting:Models:8:Prices:0:EffectiveFrom"] = "2026-01-01",
        ["AiRouting:Models:8:Prices:0:InputPerMillion"] = "1",
        ["AiRouting:Models:8:Prices:0:OutputPerMillion"] = "2",
        ["AiRouting:Models:8:Prices:0:CachedInputPerMillion"] = "1",
        ["AiRouting:Shadow:CandidateModel"] = "local-candidate",
        ["AiRouting:Shadow:SampleRate"] = "1",
        ["AiRouting:Shadow:DailyBudgetUsd"] = "1",
    };

    [Fact]
    public async Task Given_a_candidate_sampled_at_every_request_When_the_live_model_answers_Then_a_shadow_run_is_queued_and_publishes_both_results_under_the_shadow_budget()
    {
        await using var shadowed = Host.CreateVariant(WithCandidate);
        shadowed.StartServer();
        Host.Logs.Clear();
        await using var scope = shadowed.Services.CreateAsyncScope();
        var plan = await PlanInAsync(scope.ServiceProvider, "Summarize: the client asked for a higher deductible on the homeowners renewal.");

        var answer = await shadowed.Services.GetRequiredService<AiExecutor>().RunAsync(Assert.IsType<AiPlan.Ready>(plan).Run);
        var queued = await ShadowJobRanAsync(answer.RequestId);
        // The job as a job server runs it, in the host that has the candidate configured.
        var payload = new ShadowPayload("simple-lookup", [new AiMessage("user", "Summarize: the client asked for a higher deductible on the homeowners renewal.")],
            null, 300, 30, new AiShadowResult(answer.ModelUsed, answer.Content, answer.CostUsd, answer.ProcessingTimeMs, null));
        await scope.ServiceProvider.GetRequiredService<RunShadowComparison.Job>().RunAsync(answer.RequestId, payload, Ct);

        Assert.True(queued, "The live run queued a shadow run.");
        var logged = Host.Logs.Entries.Where(e => e.Message.StartsWith("Shadow comparison", StringComparison.Ordinal)).ToList();
        var comparison = Assert.Single(logged, e => e.AllText.Contains(answer.RequestId.ToString(), StringComparison.Ordinal));
        Assert.Contains("local-candidate", comparison.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("deductible", comparison.AllText, StringComparison.Ordinal);
        await shadowed.Services.GetRequiredService<IBudgetStore>().ReturnAllowancesAsync();
        var shadowBudget = Assert.Single(await CountersAsync(key => key.StartsWith("shadow:day:", StringComparison.Ordinal))).Value;
        Assert.True(shadowBudget.SpentMicros > 0 && shadowBudget.ReservedMicros == 0, "The shadow run was charged to the shadow budget.");
        var agentCounters = await CountersAsync(key => key.StartsWith("agent:", StringComparison.Ordinal));
        Assert.All(agentCounters.Values, c => Assert.Equal(0, c.SpentMicros));
    }

    /// <summary>
    /// Whether the shared host's job server ran a shadow run of the request (it has no candidate configured, so it
    /// only proves the run was queued off the agent's path; the test then runs the job where the candidate is).
    /// </summary>
    private async Task<bool> ShadowJobRanAsync(Guid requestId)
    {
        var monitoring = Host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        for (var attempt = 0; attempt < 60; attempt++)
        {
            if (monitoring.SucceededJobs(0, 500).Any(j => j.Value.Job?.Type == typeof(RunShadowComparison.Job) && j.Value.Job.Args.Contains(requestId)))
            {
                return true;
            }

            await Task.Delay(250, Ct);
        }

        return false;
    }

    private static async Task<AiPlan> PlanInAsync(IServiceProvider services, string prompt)
    {
        var router = services.GetRequiredService<AiRouter>();
        var plan = await router.PlanAsync(Question(prompt).ToAsk(), Demo.PriyaShah.Id, Ct);
        Assert.False(plan.IsError, plan.IsError ? plan.FirstError.Description : null);
        return plan.Value;
    }
}
