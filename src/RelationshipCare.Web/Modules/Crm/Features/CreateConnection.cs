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

/// <summary>An admin connects an external CRM org. The secrets are sealed at once and never shown again.</summary>
internal static class CreateConnection
{
    public sealed record Command : ConnectionFields, ICommand<ErrorOr<ListConnections.ConnectionDetails>>, IAuthorizedRequest
    {
        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new ConnectionFieldsRules());
    }

    internal sealed class Handler(CrmDbContext db, CrmConnections connections, IValidator<CrmConnectionSettings> rules, ISender sender, TimeProvider time)
        : ICommandHandler<Command, ErrorOr<ListConnections.ConnectionDetails>>
    {
        public async ValueTask<ErrorOr<ListConnections.ConnectionDetails>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await db.Connections.AnyAsync(c => c.Name == command.Name.Trim(), cancellationToken))
            {
                return CrmErrors.ConnectionNameTaken;
            }

            var now = time.GetUtcNow();
            var id = Guid.CreateVersion7(now);
            var settings = await ConnectionSettingsCheck.BuildAsync(command, id, command.Credentials ?? new CrmCredentials(), null, rules, sender, cancellationToken);
            if (settings.IsError)
            {
                return settings.Errors;
            }

            var connection = new CrmConnection
            {
                Id = id, Name = "", Kind = command.Kind, Settings = settings.Value, ProtectedSecrets = "", CreatedAt = now, UpdatedAt = now,
            };
            command.ApplyTo(connection, settings.Value, connections);
            db.Connections.Add(connection);
            return ListConnections.Details(connection, connections.Known(connection), 0, 0, null);
        }
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapPost("/connections", async Task<Results<Created<ListConnections.ConnectionDetails>, ProblemHttpResult>> (Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command, ct)).ToCreated(c => $"/api/crm/connections/{c.Id}"))
            .WithName("CreateCrmConnection")
            .WithSummary("Connects an external CRM (admins). Credentials are write-only: no answer ever contains them.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
