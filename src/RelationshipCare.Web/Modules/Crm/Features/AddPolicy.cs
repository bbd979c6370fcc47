using System.Text.Json.Serialization;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// Adds a policy to a client anyone who sees the client may edit. A client kept in a CRM gets the policy written there
/// by the outbox; a CRM connection that carries no policies refuses it (422).
/// </summary>
internal static class AddPolicy
{
    public sealed record Command : ICommand<ErrorOr<GetClient.ClientDetails>>, IInvalidatesCache, IRetriedOnConflict
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => [GetClient.CacheTag(ClientId)];

        /// <summary>From the route.</summary>
        [JsonIgnore]
        public Guid ClientId { get; init; }

        /// <summary>The client's version as read (from the 360 view).</summary>
        public int Version { get; init; }

        public required PolicyFields Policy { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ClientId).NotEmpty();
            RuleFor(c => c.Version).GreaterThanOrEqualTo(0);
            RuleFor(c => c.Policy).NotNull().SetValidator(new PolicyFieldsRules());
        }
    }

    internal sealed class Handler(PolicyEdits edits) : ICommandHandler<Command, ErrorOr<GetClient.ClientDetails>>
    {
        public async ValueTask<ErrorOr<GetClient.ClientDetails>> Handle(Command command, CancellationToken cancellationToken) =>
            await edits.SaveAsync(command.ClientId, command.Version, policyId: null, command.Policy, cancellationToken);
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapPost("/clients/{id:guid}/policies", async Task<Results<Created<GetClient.ClientDetails>, ProblemHttpResult>> (Guid id, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { ClientId = id }, ct)).ToCreated(client => $"/api/crm/clients/{client.Id}"))
            .WithName("AddPolicy")
            .WithSummary("Adds a policy to a client (send the client's version you read; a stale version answers 409). Answers the client.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
