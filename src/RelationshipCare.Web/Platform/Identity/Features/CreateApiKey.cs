using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Web.Platform.Identity.Features;

/// <summary>Creates a personal API key for the signed-in agent. The secret is in the answer, once; only its hash is kept.</summary>
internal static class CreateApiKey
{
    public const int MaxActiveKeys = 10;

    /// <param name="Name">What the key is for, such as "Reporting script".</param>
    /// <param name="ExpiresInDays">Days until the key stops working; empty for a key that does not expire.</param>
    public sealed record Command(string Name, int? ExpiresInDays) : ICommand<ErrorOr<CreatedApiKey>>;

    public sealed record CreatedApiKey(Guid Id, string Name, string Hint, DateTimeOffset? ExpiresAt, string Secret);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
            RuleFor(c => c.ExpiresInDays).InclusiveBetween(1, 730);
        }
    }

    internal sealed class Handler(PlatformDbContext db, ICurrentAgent agent, TimeProvider time) : ICommandHandler<Command, ErrorOr<CreatedApiKey>>
    {
        public async ValueTask<ErrorOr<CreatedApiKey>> Handle(Command command, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var active = await db.ApiKeys.CountAsync(
                k => k.UserId == agent.Id && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken);
            if (active >= MaxActiveKeys)
            {
                return Error.Conflict("platform.too-many-api-keys", $"You already have {MaxActiveKeys} active API keys; revoke one first.");
            }

            var secret = ApiKey.NewSecret();
            var key = new ApiKey
            {
                Id = Guid.CreateVersion7(),
                UserId = agent.Id,
                Name = command.Name.Trim(),
                Hint = ApiKey.HintOf(secret),
                Hash = ApiKey.HashOf(secret),
                CreatedAt = now,
                ExpiresAt = command.ExpiresInDays is { } days ? now.AddDays(days) : null,
            };
            db.ApiKeys.Add(key);
            return new CreatedApiKey(key.Id, key.Name, key.Hint, key.ExpiresAt, secret);
        }
    }

    public static void Map(IEndpointRouteBuilder account) =>
        account.MapPost("/api-keys", async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> (Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command, ct)).ToCreated(key => $"/api/account/api-keys/{key.Id}"))
            .WithName("CreateApiKey")
            .WithSummary("Creates an API key for you; the secret is returned once, in this answer.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
