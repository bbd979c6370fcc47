using System.Text.Json.Serialization;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// An admin edits a connection: settings, field mappings, owner map, enabled. Credentials left empty keep their saved
/// values, so the form never needs to show them. The connector is rebuilt with the new settings on its next use.
/// </summary>
internal static class UpdateConnection
{
    public sealed record Command : ConnectionFields, ICommand<ErrorOr<ListConnections.ConnectionDetails>>, IAuthorizedRequest
    {
        /// <summary>From the route.</summary>
        [JsonIgnore]
        public Guid ConnectionId { get; init; }

        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ConnectionId).NotEmpty();
            Include(new ConnectionFieldsRules());
        }
    }

    internal sealed class Handler(CrmDbContext db, CrmConnections connections, IValidator<CrmConnectionSettings> rules, ISender sender, TimeProvider time)
        : ICommandHandler<Command, ErrorOr<ListConnections.ConnectionDetails>>
    {
        public async ValueTask<ErrorOr<ListConnections.ConnectionDetails>> Handle(Command command, CancellationToken cancellationToken)
        {
            var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == command.ConnectionId, cancellationToken);
            if (connection is null)
            {
                return CrmErrors.ConnectionNotFound(command.ConnectionId);
            }

            if (connection.Kind != command.Kind)
            {
                return CrmErrors.ConnectionKindChanged;
            }

            if (await db.Connections.AnyAsync(c => c.Id != connection.Id && c.Name == command.Name.Trim(), cancellationToken))
            {
                return CrmErrors.ConnectionNameTaken;
            }

            var credentials = ConnectionSettingsCheck.Merge(connections.Unseal(connection.ProtectedSecrets), command.Credentials);
            var settings = await ConnectionSettingsCheck.BuildAsync(command, connection.Id, credentials, connection.Settings.Resilience, rules, sender, cancellationToken);
            if (settings.IsError)
            {
                return settings.Errors;
            }

            command.ApplyTo(connection, settings.Value, connections);
            connection.UpdatedAt = time.GetUtcNow();
            var writes = await ListConnections.WriteCountsAsync(db, connection.Id, cancellationToken);
            return ListConnections.Details(connection, connections.Known(connection), writes.Pending, writes.Failed, null);
        }
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapPut("/connections/{id:guid}", async Task<Results<Ok<ListConnections.ConnectionDetails>, ProblemHttpResult>> (Guid id, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { ConnectionId = id }, ct)).ToOk())
            .WithName("UpdateCrmConnection")
            .WithSummary("Edits a CRM connection (admins); credentials left empty keep their saved values.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
