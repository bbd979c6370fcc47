using System.Collections.Concurrent;
using System.Text.Json;
using RelationshipCare.Web.Platform.Caching;
using StackExchange.Redis;

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
/// Delivers notices to the Blazor circuits of the person they are for. Each open page subscribes for its user and
/// unsubscribes when it closes; the database stays the truth (pages re-read the request's status).
/// With Redis (<c>ConnectionStrings:Redis</c>), a notice goes through a Redis channel that every instance listens
/// on, so a lead whose page is open on one instance hears of a request parked on another, and the agent hears of the
/// lead's decision wherever they are connected; without it, notices stay in this process.
/// </summary>
internal sealed partial class AiNotifier(ILogger<AiNotifier> logger, RedisConnection? redis = null) : IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Func<AiNotice, Task>>> _listeners = new();

    /// <summary>
    /// The channel of this Redis database: pub/sub spans a server's databases, and hosts that keep their keys apart
    /// in separate databases must not hear each other's notices either.
    /// </summary>
    private RedisChannel Channel => RedisChannel.Literal($"rc:ai:notices:{redis!.Multiplexer.GetDatabase().Database}");

    public IDisposable Subscribe(Guid personId, Func<AiNotice, Task> listener)
    {
        var id = Guid.NewGuid();
        _listeners.GetOrAdd(personId, _ => new())[id] = listener;
        return new Subscription(() => _listeners.GetValueOrDefault(personId)?.TryRemove(id, out _));
    }

    /// <summary>
    /// Sends the notice to every instance (with Redis) or delivers it here. A notice is a courtesy, not the record:
    /// when Redis cannot take it, it is still delivered to this instance's pages and the caller carries on.
    /// </summary>
    public async Task PublishAsync(Guid personId, AiNotice notice)
    {
        if (redis is null)
        {
            await DeliverAsync(personId, notice);
            return;
        }

        try
        {
            var envelope = JsonSerializer.Serialize(new Envelope(personId, notice.Kind, notice.RequestId, notice.Message), Json);
            await redis.Multiplexer.GetSubscriber().PublishAsync(Channel, envelope);
        }
        catch (RedisException exception)
        {
            LogNotPublished(exception, notice.Kind, notice.RequestId);
            await DeliverAsync(personId, notice);
        }
    }

    /// <summary>Listens on the Redis channel from the start, so no notice sent while the host runs is missed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            return;
        }

        await redis.Multiplexer.GetSubscriber().SubscribeAsync(Channel, (channel, message) => _ = ReceiveAsync(message));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            return;
        }

        await redis.Multiplexer.GetSubscriber().UnsubscribeAsync(Channel);
    }

    private async Task ReceiveAsync(RedisValue message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(message.ToString(), Json)!;
            await DeliverAsync(envelope.PersonId, new AiNotice(envelope.Kind, envelope.RequestId, envelope.Message));
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            LogUnreadable(exception);
        }
    }

    /// <summary>To each open page of the person; a page that fails to take it (its circuit gone) does not stop the others.</summary>
    private async Task DeliverAsync(Guid personId, AiNotice notice)
    {
        if (!_listeners.TryGetValue(personId, out var listeners))
        {
            return;
        }

        foreach (var listener in listeners.Values)
        {
            try
            {
                await listener(notice);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogListenerFailed(exception, notice.Kind, notice.RequestId);
            }
        }
    }

    /// <summary>A notice as it travels between instances.</summary>
    private sealed record Envelope(Guid PersonId, AiNoticeKind Kind, Guid RequestId, string Message);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AI notice {Kind} for request {RequestId} could not go through Redis; delivered on this instance only")]
    private partial void LogNotPublished(Exception exception, AiNoticeKind kind, Guid requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An AI notice from Redis could not be read")]
    private partial void LogUnreadable(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An open page did not take AI notice {Kind} for request {RequestId}")]
    private partial void LogListenerFailed(Exception exception, AiNoticeKind kind, Guid requestId);
}
