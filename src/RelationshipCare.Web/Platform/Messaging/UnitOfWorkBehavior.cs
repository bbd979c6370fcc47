using ErrorOr;
using Mediator;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Platform.Messaging;

/// <summary>
/// A command whose success makes cached reads stale: the cache entries under these tags are removed once it commits.
/// The tags are read from the command itself, so they may be fixed (a directory's tag) or computed from its fields
/// (the tag of the one client it changes).
/// </summary>
public interface IInvalidatesCache
{
    IReadOnlyList<string> CacheTags { get; }
}

/// <summary>
/// Commits what a command changed, in every module's DbContext at once, only when the command succeeded.
/// A refused command (an error result) or an exception leaves the database untouched.
/// The cache is cleared after the commit, never before: a read between the two would cache the old data again. The unit
/// of work clears it after every commit, including one the handler makes itself before it reads its own result back.
/// </summary>
internal sealed class UnitOfWorkBehavior<TMessage, TResponse>(UnitOfWork unitOfWork)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
    where TResponse : IErrorOr
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IInvalidatesCache invalidates)
        {
            unitOfWork.InvalidateOnCommit(invalidates.CacheTags);
        }

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
        return response;
    }
}
