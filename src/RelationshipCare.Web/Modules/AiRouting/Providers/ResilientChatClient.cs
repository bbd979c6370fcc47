using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace RelationshipCare.Web.Modules.AiRouting.Providers;

/// <summary>
/// An SDK chat client behind its provider's <see cref="ProviderResilience"/>. A streamed answer is retried only until
/// its first update arrives: after that the caller has seen part of it, so a failure ends the stream with
/// <see cref="AiProviderUnavailableException"/>. A stream that stalls longer than the attempt timeout between updates
/// is ended the same way; one the caller cancels stops its HTTP request.
/// </summary>
internal sealed class ResilientChatClient(IChatClient inner, ProviderResilience resilience) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        return resilience.ExecuteAsync(token => new ValueTask<ChatResponse>(base.GetResponseAsync(list, options, token)), cancellationToken).AsTask();
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        var stream = await resilience.ExecuteAsync(token => OpenAsync(list, options, token, cancellationToken), cancellationToken);
        try
        {
            if (stream.First is null)
            {
                yield break;
            }

            yield return stream.First;
            while (await NextAsync(stream, cancellationToken) is { } update)
            {
                yield return update;
            }
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    /// <summary>
    /// Starts the stream and waits for its first update, inside one attempt. The stream keeps a token of its own,
    /// linked to the caller's: the attempt's token belongs to the pipeline and is recycled once the attempt ends.
    /// </summary>
    private async ValueTask<OpenStream> OpenAsync(IReadOnlyCollection<ChatMessage> messages, ChatOptions? options, CancellationToken attempt, CancellationToken caller)
    {
        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(caller);
        var enumerator = base.GetStreamingResponseAsync(messages, options, lifetime.Token).GetAsyncEnumerator(lifetime.Token);
        try
        {
            await using (attempt.Register(static source => ((CancellationTokenSource)source!).Cancel(), lifetime))
            {
                var first = await enumerator.MoveNextAsync() ? enumerator.Current : null;
                return new OpenStream(enumerator, lifetime, first);
            }
        }
        catch
        {
            await enumerator.DisposeAsync();
            lifetime.Dispose();
            throw;
        }
    }

    private async ValueTask<ChatResponseUpdate?> NextAsync(OpenStream stream, CancellationToken caller)
    {
        try
        {
            stream.Lifetime.CancelAfter(resilience.AttemptTimeout);
            return await stream.Enumerator.MoveNextAsync() ? stream.Enumerator.Current : null;
        }
        catch (OperationCanceledException stalled) when (!caller.IsCancellationRequested)
        {
            throw resilience.StreamBroken(new TimeoutException($"The stream stalled for {resilience.AttemptTimeout.TotalSeconds:0.#} s.", stalled));
        }
        catch (Exception failure) when (ProviderFailures.IsProviderFailure(failure))
        {
            throw resilience.StreamBroken(failure);
        }
    }

    private sealed record OpenStream(IAsyncEnumerator<ChatResponseUpdate> Enumerator, CancellationTokenSource Lifetime, ChatResponseUpdate? First) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Enumerator.DisposeAsync();
            Lifetime.Dispose();
        }
    }
}
