using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Web.Platform.Identity.Features;

/// <summary>Revokes one of the signed-in agent's API keys; it stops working at once on every instance's next cache check.</summary>
internal static class RevokeApiKey
{
    public sealed record Command(Guid Id) : ICommand<ErrorOr<Success>>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Id).NotEmpty();
    }

    internal sealed class Handler(PlatformDbContext db, ICurrentAgent agent, ApiKeyResolver resolver, TimeProvider time)
        : ICommandHandler<Command, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(Command command, CancellationToken cancellationToken)
        {
            // Someone else's key is "not found": its existence is none of the caller's business.
            var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == command.Id && k.UserId == agent.Id, cancellationToken);
            if (key is null)
            {
                return PlatformErrors.ApiKeyNotFound;
            }

            key.RevokedAt ??= time.GetUtcNow();
            await resolver.ForgetAsync([key.Hash], cancellationToken);
            return Result.Success;
        }
    }

    public static void Map(IEndpointRouteBuilder account) =>
        account.MapDelete("/api-keys/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Command(id), ct)).ToNoContent())
            .WithName("RevokeApiKey")
            .WithSummary("Revokes one of your API keys.")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
