using System.Text.Json;

namespace RelationshipCare.Web.Platform.Events;

/// <summary>
/// A change one module tells the others about: a public record in the publishing module's <c>Contracts/</c>. It is
/// written to the outbox in the same transaction as the change and delivered after the commit, at least once, to
/// every handler registered for it; events with the same <see cref="Subject"/> reach each handler in the order they
/// were published.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>What the event is about (a client, say): the key its order is kept by.</summary>
    Guid Subject { get; }
}

/// <summary>
/// Handles one kind of integration event in a module other than (or the same as) the one that published it. It runs in
/// a unit of work of its own, with the inbox entry that makes a redelivery change nothing; an exception rolls both
/// back and the delivery is tried again later.
/// </summary>
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleAsync(TEvent @event, CancellationToken cancellationToken);
}

/// <summary>One handler of one event type: what the outbox stores as a delivery and how it calls the handler.</summary>
internal sealed record EventRoute(string EventType, Type Event, string Handler, Func<IServiceProvider, object, CancellationToken, Task> Invoke);

/// <summary>Every route of the host, by event type name and by handler name.</summary>
internal sealed class EventRoutes(IEnumerable<EventRoute> routes)
{
    private readonly ILookup<string, EventRoute> _byEvent = routes.ToLookup(r => r.EventType, StringComparer.Ordinal);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IEnumerable<EventRoute> For(string eventType) => _byEvent[eventType];

    /// <summary>The handlers this host has: it claims deliveries for these only (a host of an older version leaves the others alone).</summary>
    public IReadOnlyList<string> Handlers { get; } = [.. routes.Select(r => r.Handler).Distinct(StringComparer.Ordinal)];

    public EventRoute? Find(string eventType, string handler) =>
        _byEvent[eventType].FirstOrDefault(r => string.Equals(r.Handler, handler, StringComparison.Ordinal));

    /// <summary>The stored name of an event type: stable across releases as long as the contract keeps its name.</summary>
    public static string NameOf(Type eventType) => eventType.FullName!;
}

public static class IntegrationEventRegistration
{
    /// <summary>Registers <typeparamref name="THandler"/> for <typeparamref name="TEvent"/> (explicitly, in the handling module's registration).</summary>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        services.AddScoped<THandler>();
        return services.AddSingleton(new EventRoute(
            EventRoutes.NameOf(typeof(TEvent)),
            typeof(TEvent),
            typeof(THandler).FullName!,
            (sp, @event, ct) => sp.GetRequiredService<THandler>().HandleAsync((TEvent)@event, ct)));
    }
}
