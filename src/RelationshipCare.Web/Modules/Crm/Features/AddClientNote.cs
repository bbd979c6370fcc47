using System.Text.Json.Serialization;
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

/// <summary>An agent writes an internal note on a client they see. Notes stay in the platform; no CRM receives them.</summary>
internal static class AddClientNote
{
    public sealed record Command(string Text) : ICommand<ErrorOr<GetClient.NoteDetails>>, IInvalidatesCache
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => [GetClient.CacheTag(ClientId)];

        /// <summary>From the route.</summary>
        [JsonIgnore]
        public Guid ClientId { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ClientId).NotEmpty();
            RuleFor(c => c.Text).NotEmpty().WithMessage("Write the note first.")
                .MaximumLength(ClientNote.MaxLength).WithMessage($"A note is at most {ClientNote.MaxLength:N0} characters; split a longer one.");
        }
    }

    internal sealed class Handler(CrmDbContext db, ClientVisibility visibility, ICurrentAgent agent, TimeProvider time)
        : ICommandHandler<Command, ErrorOr<GetClient.NoteDetails>>
    {
        public async ValueTask<ErrorOr<GetClient.NoteDetails>> Handle(Command command, CancellationToken cancellationToken)
        {
            var viewer = await visibility.OfCurrentAsync(cancellationToken);
            if (!await visibility.Visible(viewer).AnyAsync(c => c.Id == command.ClientId, cancellationToken))
            {
                return CrmErrors.ClientNotFound(command.ClientId);
            }

            var now = time.GetUtcNow();
            var note = new ClientNote
            {
                Id = Guid.CreateVersion7(now),
                ClientId = command.ClientId,
                AuthorAgentId = agent.Id,
                AuthorName = agent.DisplayName,
                Text = command.Text.Trim(),
                CreatedAt = now,
            };
            db.Notes.Add(note);
            return new GetClient.NoteDetails(note.Id, note.AuthorAgentId, note.AuthorName, note.Text, note.CreatedAt);
        }
    }

    public static void Map(IEndpointRouteBuilder crm) =>
        crm.MapPost("/clients/{id:guid}/notes", async Task<Results<Created<GetClient.NoteDetails>, ProblemHttpResult>> (Guid id, Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command with { ClientId = id }, ct)).ToCreated(_ => $"/api/crm/clients/{id}"))
            .WithName("AddClientNote")
            .WithSummary("Adds an internal note to a client (at most 4,000 characters).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
