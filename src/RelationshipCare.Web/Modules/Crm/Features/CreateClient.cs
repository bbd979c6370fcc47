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

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// Adds a client, with their policies, to the platform's own store. Agents add clients for themselves, team leads
/// also for the agents of their teams, admins for any agent.
/// </summary>
internal static class CreateClient
{
    public const int MaxPolicies = 50;

    public sealed record Command : ClientFields, ICommand<ErrorOr<GetClient.ClientDetails>>
    {
        /// <summary>The agent who owns the client; empty for yourself.</summary>
        public Guid? OwnerAgentId { get; init; }

        public IReadOnlyList<PolicyFields>? Policies { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            Include(new ClientFieldsRules(time));
            RuleFor(c => c.OwnerAgentId).NotEqual(Guid.Empty).WithMessage("Choose an agent, or leave it empty for yourself.");
            RuleFor(c => c.Policies).Must(p => p is null || p.Count <= MaxPolicies).WithMessage($"Add at most {MaxPolicies} policies at once.")
                .Must(p => p is null || p.Select(x => x.Number.Trim().ToUpperInvariant()).Distinct().Count() == p.Count)
                .WithMessage("Each policy needs its own number.");
            RuleForEach(c => c.Policies).SetValidator(new PolicyFieldsRules());
        }
    }

    internal sealed class Handler(
        CrmDbContext db, ClientVisibility visibility, UnitOfWork unitOfWork, ICurrentAgent agent, IPublisher publisher, ISender sender, TimeProvider time)
        : ICommandHandler<Command, ErrorOr<GetClient.ClientDetails>>
    {
        public async ValueTask<ErrorOr<GetClient.ClientDetails>> Handle(Command command, CancellationToken cancellationToken)
        {
            var viewer = await visibility.OfCurrentAsync(cancellationToken);
            var ownerId = command.OwnerAgentId ?? viewer.AgentId;
            if (ownerId != viewer.AgentId && !viewer.Manages(ownerId))
            {
                return CrmErrors.OwnerNotAllowed;
            }

            if ((await sender.Send(new GetAgent(ownerId), cancellationToken)) is { IsError: true } or { Value.IsActive: false })
            {
                return CrmErrors.NotAnAgent;
            }

            var definitions = await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken);
            List<Error> errors = CustomFieldValues.Check(command.CustomFields, definitions);
            var policies = command.Policies ?? [];
            var numbers = policies.Select(p => p.Number.Trim().ToUpperInvariant()).ToList();
            var taken = await db.Policies.Where(p => numbers.Contains(p.Number)).Select(p => p.Number).ToListAsync(cancellationToken);
            errors.AddRange(taken.Select(number => CrmErrors.PolicyNumberTaken(numbers.IndexOf(number))));
            if (errors.Count > 0)
            {
                return errors;
            }

            var now = time.GetUtcNow();
            var client = new Client { Id = Guid.CreateVersion7(now), Source = CrmKind.Native, OwnerAgentId = ownerId, CreatedAt = now, UpdatedAt = now };
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
            }));
            client.PoliciesChanged();
            db.Clients.Add(client);
            await unitOfWork.CommitAsync(cancellationToken);

            await publisher.Publish(new ClientUpdated(client.Id, agent.Id, now), cancellationToken);
            return await sender.Send(new GetClient.Query(client.Id), cancellationToken);
        }
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapPost("/clients", async Task<Results<Created<GetClient.ClientDetails>, ProblemHttpResult>> (Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command, ct)).ToCreated(client => $"/api/crm/clients/{client.Id}"))
            .WithName("CreateClient")
            .WithSummary("Adds a client, with policies, to the platform's own store.")
            .ProducesValidationProblem();
}
