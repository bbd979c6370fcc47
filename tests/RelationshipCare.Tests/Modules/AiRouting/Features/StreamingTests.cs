using Microsoft.EntityFrameworkCore;
using Microsoft.ML.Tokenizers;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Tests.Modules.AiRouting.Features;

/// <summary>A streamed answer is settled at its real usage, also when the reader goes away before it ends.</summary>
[Collection(HostCollection.Name)]
public sealed class StreamingTests(HostFixture host) : AiRoutingTest(host)
{
    private static readonly string Material = string.Join(" ", Enumerable.Range(1, 30).Select(i =>
        $"Note {i}: the client called about policy renewal number {i} and asked for a cheaper deductible before January."));

    [Fact]
    public async Task Given_a_streamed_answer_When_read_to_the_end_Then_it_is_charged_at_the_providers_reported_usage()
    {
        await RouteTierToPricedModelAsync("complex", 10, 30);
        var run = await ReadyRunAsync();

        var text = "";
        AiAnswer? final = null;
        await foreach (var item in Executor.StreamAsync(run, Ct))
        {
            text += item.Text;
            final ??= item.Final;
        }

        var record = await RecordAsync(run.RequestId);
        Assert.NotNull(final);
        Assert.Equal((AiRequestStatus.Completed, text), (record.Status, record.Answer));
        Assert.True(record.CostMicros > 0 && record.CostMicros <= run.ReservedMicros, $"Cost {record.CostMicros}, reserved {run.ReservedMicros}.");
        Assert.Equal(Micros.ToUsd(record.CostMicros), final.CostUsd);
        await AssertSettledAsync(run.RequestId, record.CostMicros);
    }

    [Fact]
    public async Task Given_a_streamed_answer_When_the_reader_stops_after_a_few_words_Then_it_is_settled_at_the_tokens_actually_produced()
    {
        await RouteTierToPricedModelAsync("complex", 10, 30);
        var run = await ReadyRunAsync();

        var received = "";
        await foreach (var item in Executor.StreamAsync(run, Ct))
        {
            received += item.Text;
            if (received.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5)
            {
                break;
            }
        }

        var record = await RecordAsync(run.RequestId);
        var outputTokens = TiktokenTokenizer.CreateForModel("gpt-4o").CountTokens(received);
        Assert.Equal((AiRequestStatus.Cancelled, received, outputTokens), (record.Status, record.Answer, record.CompletionTokens));
        Assert.Equal(run.PromptTokens, record.PromptTokens);
        Assert.Equal((long)Math.Ceiling((run.PromptTokens * 10m) + (outputTokens * 30m)), record.CostMicros);
        await AssertSettledAsync(run.RequestId, record.CostMicros);
    }

    [Fact]
    public async Task Given_a_streamed_answer_When_the_caller_cancels_Then_the_reservation_is_still_settled()
    {
        await RouteTierToPricedModelAsync("complex", 10, 30);
        var run = await ReadyRunAsync();
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in Executor.StreamAsync(run, cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });

        var record = await RecordAsync(run.RequestId);
        Assert.Equal(AiRequestStatus.Cancelled, record.Status);
        await AssertSettledAsync(run.RequestId, record.CostMicros);
    }

    private AiExecutor Executor => Host.Services.GetRequiredService<AiExecutor>();

    private async Task<AiRun> ReadyRunAsync()
    {
        var plan = await PlanAsync(Question("Summarize these notes: " + Material, "complex", 5) with { MaxOutputTokens = 1000 }, Demo.PriyaShah);
        Assert.False(plan.IsError, plan.IsError ? plan.FirstError.Description : null);
        return Assert.IsType<AiPlan.Ready>(plan.Value).Run;
    }

    private Task<AiRequestRecord> RecordAsync(Guid id) => ReadAiAsync(db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == id, Ct));

    private async Task AssertSettledAsync(Guid requestId, long cost)
    {
        var reservation = await ReadAiAsync(db => db.Reservations.AsNoTracking().SingleAsync(r => r.RequestId == requestId, Ct));
        Assert.Equal(cost, reservation.SettledMicros);
        var counters = await CountersAsync(key => reservation.CounterKeys.Contains(key));
        Assert.Equal(reservation.CounterKeys.Count, counters.Count);
        Assert.All(counters.Values, c => Assert.Equal((cost, 0L), (c.SpentMicros, c.ReservedMicros)));
    }
}
