using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Contracts;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using MappedFields = RelationshipCare.Web.Modules.Crm.Connectors.Mapping.ClientFields;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// Adds a client, with their policies, to the platform's own store or to a CRM connection (<see cref="Command.ConnectionId"/>).
/// Agents add clients for themselves, team leads also for the agents of their teams, admins for any agent. A client
/// kept in a CRM is saved here with a pending write, in the same unit of work, that creates it there (carrying its
/// platform id, so a retried delivery finds the first attempt's record); only what the connection carries is accepted.
/// </summary>
internal static class CreateClient
{
    public const int MaxPolicies = 50;

    public sealed record Command : ClientFields, ICommand<ErrorOr<GetClient.ClientDetails>>
    {
        /// <summary>The agent who owns the client; empty for yourself.</summary>
        public Guid? OwnerAgentId { get; init; }

        public IReadOnlyList<PolicyFields>? Policies { get; init; }

        /// <summary>The enabled CRM connection to keep the client in; empty for the platform's own store.</summary>
        public Guid? ConnectionId { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            Include(new ClientFieldsRules(time));
            RuleFor(c => c.OwnerAgentId).NotEqual(Guid.Empty).WithMessage("Choose an agent, or leave it empty for yourself.");
            RuleFor(c => c.ConnectionId).NotEqual(Guid.Empty).WithMessage("Choose a CRM connection, or leave it empty for Relationship Care.");
            RuleFor(c => c.Policies).Must(p => p is null || p.Count <= MaxPolicies).WithMessage($"Add at most {MaxPolicies} policies at once.")
                .Must(p => p is null || p.Select(x => x.Number.Trim().ToUpperInvariant()).Distinct().Count() == p.Count)
                .WithMessage("Each policy needs its own number.");
            RuleForEach(c => c.Policies).SetValidator(new PolicyFieldsRules());
        }
    }

    internal sealed class Handler(
        CrmDbContext db, ClientVisibility visibility, CrmConnections connections, ClientOutbox outbox, UnitOfWork unitOfWork,
        ICurrentAgent agent, ISender sender, TimeProvider time)
        : ICommandHandler<Command, ErrorOr<GetClient.ClientDetails>>
    {
        public async ValueTask<ErrorOr<GetClient.ClientDetails>> Handle(Command command, CancellationToken cancellationToken)
        {
            var viewer = await visibility.OfCurrentAsync(cancellationToken);
            var ownerId = command.OwnerAgentId ?? viewer.AgentId;
            if (!viewer.MayGiveClientsTo(ownerId))
            {
                return CrmErrors.OwnerNotAllowed;
            }

            if ((await sender.Send(new GetAgent(ownerId), cancellationToken)) is { IsError: true } or { Value.IsActive: false })
            {
                return CrmErrors.NotAnAgent;
            }

            var policies = command.Policies ?? [];
            CrmConnection? connection = null;
            if (command.ConnectionId is { } connectionId)
            {
                connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId && c.Enabled, cancellationToken);
                if (connection is null)
                {
                    return CrmErrors.NoSuchConnectionToKeepIn;
                }

                if (CrmRefusals(command, connections.ConnectorOf(connection).Capabilities, connection) is { Count: > 0 } refused)
                {
                    return refused;
                }
            }

            var definitions = await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken);
            List<Error> errors = CustomFieldValues.Check(command.CustomFields, definitions);
            var numbers = policies.Select(p => p.Number.Trim().ToUpperInvariant()).ToList();
            var taken = await db.Policies.Where(p => numbers.Contains(p.Number)).Select(p => p.Number).ToListAsync(cancellationToken);
            errors.AddRange(taken.Select(number => CrmErrors.PolicyNumberTaken(numbers.IndexOf(number))));
            if (errors.Count > 0)
            {
                return errors;
            }

            var now = time.GetUtcNow();
            var client = new Client
            {
                Id = Guid.CreateVersion7(now), Source = connection?.Kind ?? CrmKind.Native, SourceConnectionId = connection?.Id,
                OwnerAgentId = ownerId, CreatedAt = now, UpdatedAt = now,
            };
            command.ApplyTo(client);
            client.Policies.AddRange(policies.Select((p, i) => new ClientPolicy
            {
                Id = Guid.CreateVersion7(now),
                ClientId = client.Id,
                Number = numbers[i],
                LineOfBusiness = p.LineOfBusiness,
                Carrier = p.Carrier?.Trim(),
                Premium = p.Premium,
                EffectiveDate = p.EffectiveDate,
                ExpirationDate = p.ExpirationDate,
                Status = p.Status,
                WritePendingSince = connection is null ? null : now,
            }));
            client.PoliciesChanged();
            db.Clients.Add(client);
            await outbox.AddAsync(client, cancellationToken);
            await unitOfWork.SaveChangesAsync(cancellationToken);
            outbox.DeliverSoon(client);

            outbox.Announce(new ClientUpdated(client.Id, agent.Id, now));
            return await sender.Send(new GetClient.Query(client.Id), cancellationToken);
        }
    }

    /// <summary>What the connection cannot take of this client: refused now, where the agent can fix it, not as a failed write later.</summary>
    private static List<Error> CrmRefusals(Command command, CrmCapabilities capabilities, CrmConnection connection)
    {
        List<Error> refused = [];
        if (command.Policies is { Count: > 0 } && !capabilities.WritesPolicies)
        {
            refused.Add(Error.Validation("Policies", $"{connection.Name} does not carry policies: add the client without them, or keep it in Relationship Care."));
        }

        if (command.Policies is { Count: > 0 } && capabilities.RequiredForPolicies.Contains(MappedFields.Company) && string.IsNullOrWhiteSpace(command.Company))
        {
            refused.Add(Error.Validation("Company", $"{connection.Kind} insures the client's company: enter one to add policies."));
        }

        if (capabilities.RequiredToCreate.Contains(MappedFields.Email) && string.IsNullOrWhiteSpace(command.Email))
        {
            refused.Add(Error.Validation("Email", $"{connection.Kind} tells its contacts apart by email: enter one to create the client there."));
        }

        if (capabilities.RequiredToCreate.Contains(MappedFields.Phone) && string.IsNullOrWhiteSpace(command.Phone))
        {
            refused.Add(Error.Validation("Phone", $"{connection.Kind} tells its contacts apart by phone here: enter one to create the client there."));
        }

        refused.AddRange(CustomFieldValues.NotCarriedBy(command.CustomFields, capabilities, connection.Name, refused));

        return refused;
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapPost("/clients", async Task<Results<Created<GetClient.ClientDetails>, ProblemHttpResult>> (Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command, ct)).ToCreated(client => $"/api/crm/clients/{client.Id}"))
            .WithName("CreateClient")
            .WithSummary("Adds a client, with policies, to the platform's own store or to a CRM connection (ConnectionId).")
            .ProducesValidationProblem();
}
