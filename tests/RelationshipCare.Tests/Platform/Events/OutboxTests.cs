using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Tests.Infrastructure.Builders;
using RelationshipCare.Web.Modules.Crm;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Features;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Events;

namespace RelationshipCare.Tests.Platform.Events;

/// <summary>
/// Integration events: written with the change, delivered after it to every handler at least once and handled once,
/// by one host at a time, surviving a host that stops mid-delivery; failures retry and end as dead letters an admin
/// retries or discards.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class OutboxTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_a_client_edit_When_it_commits_Then_every_handler_gets_its_event_once()
    {
        var announced = new TaskCompletionSource<ClientUpdated>(TaskCreationOptions.RunContinuationsAsynchronously);
        var changes = Host.Services.GetRequiredService<ClientChanges>();
        void OnChanged(ClientUpdated change) => announced.TrySetResult(change);
        changes.Changed += OnChanged;
        try
        {
            var client = (await Host.SendAsync(new GetClient.Query(DemoClientIds.EleanorWhitfield), Demo.JamieRivera)).Value;
            var edited = await Host.SendAsync(new ClientBuilder { LastName = "Whitfield-Hart" }.ToUpdate(client.Id, client.Version), Demo.JamieRivera);
            Assert.False(edited.IsError);

            var change = await announced.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
            Assert.Equal((DemoClientIds.EleanorWhitfield, Demo.JamieRivera.Id), (change.ClientId, change.ChangedBy));
            await Eventually.HoldsAsync(async () => await CountAsync(db => db.Deliveries) == 0, "every delivery was handled");
            var handled = await Host.ReadAsync<OutboxDbContext, List<string>>(db => db.Inbox.Select(i => i.Handler).ToListAsync(Ct));
            Assert.Equal(
                ["RelationshipCare.Web.Modules.AiRouting.Features.ForgetAnswersOfChangedClient", typeof(ClientChanges.Handler).FullName!],
                handled.Order(StringComparer.Ordinal));
        }
        finally
        {
            changes.Changed -= OnChanged;
        }
    }

    [Fact]
    public async Task Given_a_unit_that_publishes_and_then_fails_When_it_rolls_back_Then_no_event_is_written()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var events = scope.ServiceProvider.GetRequiredService<IEventPublisher>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => unit.RunAsync(_ =>
        {
            events.Publish(new ClientUpdated(DemoClientIds.MarcusBell, Demo.SamTaylor.Id, DateTimeOffset.UtcNow));
            throw new InvalidOperationException("The change failed.");
        }, Ct));
        await unit.RunAsync(_ => Task.CompletedTask, Ct);

        Assert.Equal(0, await CountAsync(db => db.Messages));
    }

    [Fact]
    public async Task Given_two_hosts_draining_one_outbox_When_many_events_are_published_Then_each_is_handled_exactly_once()
    {
        var log = new ProbeLog();
        await using var first = Probed(log, "first");
        await using var second = Probed(log, "second");
        for (var unit = 0; unit < 20; unit++)
        {
            await PublishAsync(first, Enumerable.Range(0, 10).Select(i => new Probe(Guid.CreateVersion7(), unit * 10 + i)));
        }

        await Eventually.HoldsAsync(async () =>
        {
            await Task.WhenAll(DrainAsync(first), DrainAsync(second), DrainAsync(first), DrainAsync(second));
            return log.Handled.Count == 200;
        }, "all 200 events were handled");

        Assert.All(log.Handled, pair => Assert.Single(pair.Value));
        Assert.Equal(200, await CountAsync(db => db.Inbox));
        Assert.Equal(0, await CountAsync(db => db.Deliveries));
    }

    [Fact]
    public async Task Given_events_of_one_subject_When_they_are_delivered_Then_they_arrive_in_the_order_they_were_published()
    {
        var log = new ProbeLog();
        await using var first = Probed(log, "first");
        var subject = Guid.CreateVersion7();
        for (var i = 0; i < 30; i++)
        {
            await PublishAsync(first, [new Probe(subject, i)]);
        }

        await Eventually.HoldsAsync(async () =>
        {
            await Task.WhenAll(DrainAsync(first), DrainAsync(first));
            return log.Order.Count == 30;
        }, "all 30 events were handled");

        Assert.Equal(Enumerable.Range(0, 30), log.Order);
    }

    [Fact]
    public async Task Given_a_host_that_stops_while_a_handler_runs_When_another_host_takes_over_Then_the_event_is_handled_once()
    {
        var log = new ProbeLog();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Its claims run out after a second, as a crashed host's would after a minute.
        var stopping = Probed(log, "stopping", blockUntilStopped: started, claimSeconds: "1");
        await PublishAsync(stopping, [new Probe(Guid.CreateVersion7(), 1)]);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        await stopping.DisposeAsync();
        Assert.Empty(log.Handled);
        await using var next = Probed(log, "next");
        await Eventually.HoldsAsync(async () =>
        {
            await DrainAsync(next);
            return log.Handled.Count == 1;
        }, "the next host handled the event");

        Assert.Equal(["next"], Assert.Single(log.Handled).Value);
        Assert.Equal(1, await CountAsync(db => db.Inbox));
    }

    [Fact]
    public async Task Given_a_handler_that_keeps_failing_When_its_attempts_run_out_Then_it_is_a_dead_letter_an_admin_retries_or_discards()
    {
        var log = new ProbeLog { Failing = true };
        await using var probed = Probed(log, "probed", maxAttempts: "2");
        await PublishAsync(probed, [new Probe(Guid.CreateVersion7(), 1), new Probe(Guid.CreateVersion7(), 2)]);
        await Eventually.HoldsAsync(async () =>
        {
            await MakeDueAsync();
            await DrainAsync(probed);
            return (await Host.SendAsync(new DeadLetters.ListQuery(), Demo.Admin)).Value.Count == 2;
        }, "both deliveries are dead letters");
        var letters = (await Host.SendAsync(new DeadLetters.ListQuery(), Demo.Admin)).Value;
        Assert.All(letters, letter => Assert.Equal((2, "InvalidOperationException: The probe fails."), (letter.Attempts, letter.LastError)));
        Assert.True((await Host.SendAsync(new DeadLetters.ListQuery(), Demo.JamieRivera)).IsError);

        log.Failing = false;
        Assert.False((await Host.SendAsync(new DeadLetters.ResolveCommand(letters[0].Id, Retry: true), Demo.Admin)).IsError);
        Assert.False((await Host.SendAsync(new DeadLetters.ResolveCommand(letters[1].Id, Retry: false), Demo.Admin)).IsError);
        await Eventually.HoldsAsync(async () =>
        {
            await DrainAsync(probed);
            return log.Handled.Count == 1;
        }, "the retried letter was handled");

        Assert.Equal(0, await CountAsync(db => db.Deliveries));
        Assert.Equal(ErrorOr.ErrorType.NotFound, (await Host.SendAsync(new DeadLetters.ResolveCommand(letters[1].Id, Retry: true), Demo.Admin)).FirstError.Type);
    }

    private WebApplicationFactory<Program> Probed(ProbeLog log, string name, TaskCompletionSource? blockUntilStopped = null, string claimSeconds = "60", string maxAttempts = "8") =>
        Host.CreateVariant(
            new Dictionary<string, string> { ["Outbox:ClaimSeconds"] = claimSeconds, ["Outbox:MaxAttempts"] = maxAttempts },
            services =>
            {
                services.AddSingleton(new ProbeHost(name, log, blockUntilStopped));
                services.AddIntegrationEventHandler<Probe, ProbeHandler>();
            });

    private static async Task PublishAsync(WebApplicationFactory<Program> host, IEnumerable<Probe> probes)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
        await scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(_ =>
        {
            foreach (var probe in probes)
            {
                events.Publish(probe);
            }

            return Task.CompletedTask;
        }, Ct);
    }

    private static Task<int> DrainAsync(WebApplicationFactory<Program> host) => host.Services.GetRequiredService<OutboxDispatcher>().DrainAsync(Ct);

    private Task<int> CountAsync<T>(Func<OutboxDbContext, DbSet<T>> set)
        where T : class => Host.ReadAsync<OutboxDbContext, int>(db => set(db).CountAsync(Ct));

    /// <summary>Retries are due at once rather than after their backoff.</summary>
    private Task MakeDueAsync() => Host.ReadAsync<OutboxDbContext, int>(db =>
        db.Deliveries.ExecuteUpdateAsync(set => set.SetProperty(d => d.NextAttemptAt, DateTimeOffset.UtcNow.AddMinutes(-1)), Ct));
}

/// <summary>A test's own event; <see cref="Sequence"/> tells the order it was published in.</summary>
public sealed record Probe(Guid Subject, int Sequence) : IIntegrationEvent;

internal sealed class ProbeLog
{
    /// <summary>Per probe, the hosts that handled it (and committed).</summary>
    public ConcurrentDictionary<int, List<string>> Handled { get; } = new();

    public ConcurrentQueue<int> Order { get; } = new();

    public volatile bool Failing;
}

internal sealed record ProbeHost(string Name, ProbeLog Log, TaskCompletionSource? BlockUntilStopped);

/// <summary>Records the probe once its unit commits, so a rolled-back handling leaves no trace.</summary>
internal sealed class ProbeHandler(ProbeHost host, UnitOfWork unitOfWork) : IIntegrationEventHandler<Probe>
{
    public async Task HandleAsync(Probe probe, CancellationToken cancellationToken)
    {
        if (host.BlockUntilStopped is { } started)
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (host.Log.Failing)
        {
            throw new InvalidOperationException("The probe fails.");
        }

        unitOfWork.AfterCommit(() =>
        {
            host.Log.Handled.AddOrUpdate(probe.Sequence, _ => [host.Name], (_, hosts) => [.. hosts, host.Name]);
            host.Log.Order.Enqueue(probe.Sequence);
            return Task.CompletedTask;
        });
    }
}
