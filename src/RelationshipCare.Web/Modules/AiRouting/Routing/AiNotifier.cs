using System.Collections.Concurrent;

namespace RelationshipCare.Web.Modules.AiRouting.Routing;

internal enum AiNoticeKind
{
    /// <summary>To a lead: a request waits for their decision.</summary>
    ApprovalRequested,

    /// <summary>To an agent: their parked request was approved and is running.</summary>
    Approved,

    /// <summary>To an agent: the answer to their approved request is ready.</summary>
    AnswerReady,
    Denied,
    Expired,

    /// <summary>To an agent: their approved request could not run (budget spent meanwhile, providers down).</summary>
    Failed,
}

/// <summary>A real-time notice to one person, shown by their open pages.</summary>
internal sealed record AiNotice(AiNoticeKind Kind, Guid RequestId, string Message);

/// <summary>
/// Delivers notices to the Blazor circuits of the person they are for, in this process. Each open page subscribes
/// for its user and unsubscribes when it closes; the database stays the truth (pages re-read the request's status).
/// </summary>
internal sealed class AiNotifier
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Func<AiNotice, Task>>> _listeners = new();

    public IDisposable Subscribe(Guid personId, Func<AiNotice, Task> listener)
    {
        var id = Guid.NewGuid();
        _listeners.GetOrAdd(personId, _ => new())[id] = listener;
        return new Subscription(() => _listeners.GetValueOrDefault(personId)?.TryRemove(id, out _));
    }

    public async Task PublishAsync(Guid personId, AiNotice notice)
    {
        if (!_listeners.TryGetValue(personId, out var listeners))
        {
            return;
        }

        foreach (var listener in listeners.Values)
        {
            await listener(notice);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
