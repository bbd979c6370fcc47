using ErrorOr;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Platform.Messaging;

/// <summary>A request only some roles may send; the policy is checked whichever way the request arrives (API, page or job).</summary>
public interface IAuthorizedRequest
{
    /// <summary>The authorization policy the sender must pass, such as <see cref="AppPolicies.Admin"/>.</summary>
    static abstract string Policy { get; }
}

/// <summary>Refuses a request whose sender does not pass the request's policy, before validation reveals anything.</summary>
internal sealed class AuthorizationBehavior<TMessage, TResponse>(CurrentAgent agent, IAuthorizationService authorization)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage, IAuthorizedRequest
    where TResponse : IErrorOr
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (!agent.IsAuthenticated)
        {
            return ErrorsAs<TResponse>.Create([Error.Unauthorized("unauthorized", "Sign in to do this.")]);
        }

        var result = await authorization.AuthorizeAsync(agent.Principal, TMessage.Policy);
        return result.Succeeded
            ? await next(message, cancellationToken)
            : ErrorsAs<TResponse>.Create([Error.Forbidden("forbidden", "Your role does not allow this.")]);
    }
}
