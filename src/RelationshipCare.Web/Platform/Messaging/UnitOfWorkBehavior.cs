using ErrorOr;
using Mediator;
using Microsoft.Extensions.Caching.Hybrid;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Platform.Messaging;

/// <summary>A command whose success makes cached reads stale: the cache entries under these tags are removed once it commits.</summary>
public interface IInvalidatesCache
{
    IReadOnlyList<string> CacheTags { get; }
}

/// <summary>
/// Commits what a command changed, in every module's DbContext at once, only when the command succeeded.
/// A refused command (an error result) or an exception leaves the database untouched.
/// The cache is cleared after the commit, never before: a read between the two would cache the old data again.
/// </summary>
internal sealed class UnitOfWorkBehavior<TMessage, TResponse>(UnitOfWork unitOfWork, HybridCache cache)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
    where TResponse : IErrorOr
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
        }
        catch
        {
            await unitOfWork.RollbackAsync();
            throw;
        }

        if (response.IsError)
        {
            await unitOfWork.RollbackAsync();
            return response;
        }

        await unitOfWork.CommitAsync(cancellationToken);
        if (message is IInvalidatesCache invalidates)
        {
            await cache.RemoveByTagAsync(invalidates.CacheTags, CancellationToken.None);
        }

        return response;
    }
}
