using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Platform.Jobs;

namespace RelationshipCare.Web.Platform.Identity.Features;

/// <summary>Nightly: deletes API keys that were revoked or expired more than 90 days ago.</summary>
internal static class PurgeRetiredApiKeys
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(90);

    public sealed record Command : ICommand<ErrorOr<int>>;

    internal sealed class Validator : AbstractValidator<Command>;

    internal sealed class Handler(PlatformDbContext db, TimeProvider time) : ICommandHandler<Command, ErrorOr<int>>
    {
        public async ValueTask<ErrorOr<int>> Handle(Command command, CancellationToken cancellationToken)
        {
            var cutoff = time.GetUtcNow() - KeptFor;
            var retired = await db.ApiKeys
                .Where(k => (k.RevokedAt != null && k.RevokedAt < cutoff) || (k.ExpiresAt != null && k.ExpiresAt < cutoff))
                .ToListAsync(cancellationToken);
            db.ApiKeys.RemoveRange(retired);
            return retired.Count;
        }
    }

    internal sealed class Job(ISender sender) : IRecurringJob
    {
        public async Task RunAsync(CancellationToken cancellationToken) => await sender.Send(new Command(), cancellationToken);
    }
}
