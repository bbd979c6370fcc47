using ErrorOr;
using Mediator;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Platform.Messaging;

/// <summary>
/// Commits what a command changed, in every module's DbContext at once, only when the command succeeded.
/// A refused command (an error result) or an exception leaves the database untouched.
/// </summary>
internal sealed class UnitOfWorkBehavior<TMessage, TResponse>(UnitOfWork unitOfWork)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
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

        if (response is IErrorOr { IsError: true })
        {
            await unitOfWork.RollbackAsync();
            return response;
        }

        await unitOfWork.CommitAsync(cancellationToken);
        return response;
    }
}
