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
/// A command that may meet a concurrency conflict it should simply run again on (a queue row that another instance
/// delivered between reading and saving it, say): the unit of work runs the whole command again from a clean state, up
/// to three times. A conflict that means the user's edit is out of date must be answered by the handler itself, which
/// on the next run reads the newer state and says so.
/// </summary>
public interface IRetriedOnConflict;

/// <summary>
/// Runs every command as one unit of work: what it changed, in every module's DbContext and through
/// ExecuteUpdate/Delete, commits in one transaction when it succeeds. A refused command (an error result) or an
/// exception leaves the database untouched. The cache is cleared after the commit, never before: a read between the two
/// would cache the old data again.
/// </summary>
internal sealed class UnitOfWorkBehavior<TMessage, TResponse>(UnitOfWork unitOfWork)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
    where TResponse : IErrorOr
{
    private const int AttemptsOnConflict = 3;

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IInvalidatesCache invalidates)
        {
            unitOfWork.InvalidateOnCommit(invalidates.CacheTags);
        }

        return unitOfWork.RunAsync(
            ct => next(message, ct),
            static response => !response.IsError,
            message is IRetriedOnConflict ? AttemptsOnConflict : 1,
            cancellationToken);
    }
}
