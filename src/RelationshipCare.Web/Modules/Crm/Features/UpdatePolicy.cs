using System.Text.Json.Serialization;
using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>
/// Edits one of a client's policies: number, line of business, carrier, premium, dates and status. Like the client
/// itself, the edit is based on the client's version the editor saw, and a client kept in a CRM has the change written
/// there by the outbox.
/// </summary>
internal static class UpdatePolicy
{
    public sealed record Command : ICommand<ErrorOr<GetClient.ClientDetails>>, IInvalidatesCache, IRetriedOnConflict
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => [GetClient.CacheTag(ClientId)];

        /// <summary>From the route.</summary>
        [JsonIgnore]
        public Guid ClientId { get; init; }

        /// <summary>From the route.</summary>
        [JsonIgnore]
        public Guid PolicyId { get; init; }

        /// <summary>The client's version as read (from the 360 view).</summary>
        public int Version { get; init; }

        public required PolicyFields Policy { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ClientId).NotEmpty();
            RuleFor(c => c.PolicyId).NotEmpty();
            RuleFor(c => c.Version).GreaterThanOrEqualTo(0);
            RuleFor(c => c.Policy).NotNull().SetValidator(new PolicyFieldsRules());
        }
    }

    internal sealed class Handler(PolicyEdits edits) : ICommandHandler<Command, ErrorOr<GetClient.ClientDetails>>
    {
        public async ValueTask<ErrorOr<GetClient.ClientDetails>> Handle(Command command, CancellationToken cancellationToken) =>
            await edits.SaveAsync(command.ClientId, command.Version, command.PolicyId, command.Policy, cancellationToken);
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapPut("/clients/{id:guid}/policies/{policyId:guid}", async Task<Results<Ok<GetClient.ClientDetails>, ProblemHttpResult>> (Guid id, Guid policyId, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { ClientId = id, PolicyId = policyId }, ct)).ToOk())
            .WithName("UpdatePolicy")
            .WithSummary("Edits one of a client's policies (send the client's version you read; a stale version answers 409). Answers the client.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
