using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Platform.Ui;

/// <summary>
/// How components send requests: each send gets its own scope (and DbContexts), acting as the circuit's user.
/// A circuit lives for hours; one DbContext for all that time would grow stale and unsafe.
/// </summary>
public interface IAppSender
{
    ValueTask<TResponse> Send<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken = default);

    ValueTask<TResponse> Send<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken = default);
}

internal sealed class CircuitSender(IServiceScopeFactory scopes, AuthenticationStateProvider authentication) : IAppSender
{
    public async ValueTask<TResponse> Send<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken = default)
    {
        await using var scope = await BeginAsync();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
    }

    public async ValueTask<TResponse> Send<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken = default)
    {
        await using var scope = await BeginAsync();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, cancellationToken);
    }

    private async Task<AsyncServiceScope> BeginAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentAgent>().ActAs(state.User);
        return scope;
    }
}
