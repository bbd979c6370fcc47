using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// Who may own a client the caller adds: the caller first, then the active agents of the teams they lead (every
/// active agent, for an admin), by name: <see cref="Viewer.MayGiveClientsTo"/>, the rule <see cref="CreateClient"/> applies
/// to <c>ownerAgentId</c>.
/// </summary>
internal static class ListClientOwners
{
    public sealed record Query : IQuery<ErrorOr<IReadOnlyList<Owner>>>;

    public sealed record Owner(Guid AgentId, string Name, bool IsYou);

    internal sealed class Validator : AbstractValidator<Query>;

    internal sealed class Handler(ClientVisibility visibility, ISender sender) : IQueryHandler<Query, ErrorOr<IReadOnlyList<Owner>>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<Owner>>> Handle(Query query, CancellationToken cancellationToken)
        {
            var viewer = await visibility.OfCurrentAsync(cancellationToken);
            var agents = await sender.Send(new ListActiveAgents(), cancellationToken);
            if (agents.IsError)
            {
                return agents.Errors;
            }

            return agents.Value
                .Where(agent => viewer.MayGiveClientsTo(agent.Id))
                .OrderByDescending(agent => agent.Id == viewer.AgentId)
                .ThenBy(agent => agent.FullName, StringComparer.CurrentCulture)
                .Select(agent => new Owner(agent.Id, agent.FullName, agent.Id == viewer.AgentId))
                .ToList();
        }
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapGet("/client-owners", async Task<Results<Ok<IReadOnlyList<Owner>>, ProblemHttpResult>> (ISender sender, CancellationToken ct) =>
                (await sender.Send(new Query(), ct)).ToOk())
            .WithName("ListClientOwners")
            .WithSummary("The agents a new client may be given to: yourself, and the agents of the teams you lead (everyone, for admins).");
}
