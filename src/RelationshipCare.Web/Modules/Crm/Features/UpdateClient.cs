using System.Text.Json.Serialization;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// Edits a client's contact details, address, preferences and custom fields. Anyone who sees the client may edit it.
/// The edit is based on the <see cref="Command.Version"/> the editor saw: if someone saved in between, it is
/// refused with a conflict rather than silently overwriting their change.
/// </summary>
internal static class UpdateClient
{
    public sealed record Command : ClientFields, ICommand<ErrorOr<GetClient.ClientDetails>>, IInvalidatesCache, IRetriedOnConflict
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => [GetClient.CacheTag(ClientId)];

        /// <summary>From the route.</summary>
        [JsonIgnore]
        public Guid ClientId { get; init; }

        /// <summary>The client's version as read (from the 360 view).</summary>
        public int Version { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(c => c.ClientId).NotEmpty();
            RuleFor(c => c.Version).GreaterThanOrEqualTo(0);
            Include(new ClientFieldsRules(time));
        }
    }

    internal sealed class Handler(
        CrmDbContext db, ClientVisibility visibility, CrmConnections connections, ICurrentAgent agent, ISender sender,
        ClientOutbox outbox, TimeProvider time)
        : ICommandHandler<Command, ErrorOr<GetClient.ClientDetails>>
    {
        public async ValueTask<ErrorOr<GetClient.ClientDetails>> Handle(Command command, CancellationToken cancellationToken)
        {
            var viewer = await visibility.OfCurrentAsync(cancellationToken);
            var client = await visibility.FindAsync(viewer, command.ClientId, cancellationToken);
            if (client is null)
            {
                return CrmErrors.ClientNotFound(command.ClientId);
            }

            if (client.Version != command.Version)
            {
                return CrmErrors.ClientChanged;
            }

            var definitions = await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken);
            var refused = CustomFieldValues.Check(command.CustomFields, definitions);
            if (client.SourceConnectionId is { } connectionId
                && await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, cancellationToken) is { } connection)
            {
                refused.AddRange(CustomFieldValues.NotCarriedBy(command.CustomFields, connections.ConnectorOf(connection).Capabilities, connection.Name, refused));
            }

            if (refused.Count > 0)
            {
                return refused;
            }

            command.ApplyTo(client);
            var now = time.GetUtcNow();
            await outbox.SaveEditAsync(client, command.Version, now, cancellationToken);
            outbox.Announce(new ClientUpdated(client.Id, agent.Id, now));
            return await sender.Send(new GetClient.Query(client.Id), cancellationToken);
        }
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapPut("/clients/{id:guid}", async Task<Results<Ok<GetClient.ClientDetails>, ProblemHttpResult>> (Guid id, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { ClientId = id }, ct)).ToOk())
            .WithName("UpdateClient")
            .WithSummary("Edits a client (send the version you read; a stale version answers 409).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
