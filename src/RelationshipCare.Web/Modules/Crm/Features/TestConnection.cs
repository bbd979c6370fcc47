using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Platform.Errors;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Messaging;

namespace RelationshipCare.Web.Modules.Crm.Features;

/// <summary>An admin checks that a saved connection signs in and reads; the answer says what it found or why not.</summary>
internal static class TestConnection
{
    public sealed record Command(Guid ConnectionId) : ICommand<ErrorOr<Outcome>>, IAuthorizedRequest
    {
        public static string Policy => AppPolicies.Admin;
    }

    public sealed record Outcome(bool Succeeded, string Message, long? QuotaUsed, long? QuotaLimit);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ConnectionId).NotEmpty();
    }

    internal sealed class Handler(CrmDbContext db, CrmConnections connections) : ICommandHandler<Command, ErrorOr<Outcome>>
    {
        public async ValueTask<ErrorOr<Outcome>> Handle(Command command, CancellationToken cancellationToken)
        {
            var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == command.ConnectionId, cancellationToken);
            if (connection is null)
            {
                return CrmErrors.ConnectionNotFound(command.ConnectionId);
            }

            var check = await connections.ConnectorOf(connection).TestAsync(cancellationToken);
            return new Outcome(check.Succeeded, check.Message, check.Quota?.Used, check.Quota?.Limit);
        }
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapPost("/connections/{id:guid}/test", async Task<Results<Ok<Outcome>, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new Command(id), ct)).ToOk())
            .WithName("TestCrmConnection")
            .WithSummary("Signs in to the CRM and reads one record; says what it found or why it failed (admins).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
