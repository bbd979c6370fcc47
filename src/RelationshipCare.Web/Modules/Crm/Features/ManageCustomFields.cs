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

/// <summary>
/// Admins define the custom fields every client has (such as "Referral source"); every agent reads the definitions,
/// which label the values on the 360 page and in the edit form. Deleting a definition hides its values; the next
/// edit of a client drops them.
/// </summary>
internal static class ManageCustomFields
{
    public sealed record Definition(Guid Id, string Key, string Label, CustomFieldType Type, IReadOnlyList<string> Choices);

    public sealed record ListQuery : IQuery<ErrorOr<IReadOnlyList<Definition>>>;

    /// <param name="Key">Lower-case letters, digits and underscores, starting with a letter, such as <c>referral_source</c>.</param>
    /// <param name="Choices">The allowed values of a Choice field; empty for the other types.</param>
    public sealed record CreateCommand(string Key, string Label, CustomFieldType Type, IReadOnlyList<string>? Choices)
        : ICommand<ErrorOr<Definition>>, IAuthorizedRequest, IInvalidatesCache
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => [GetClient.AllClientsCacheTag];

        public static string Policy => AppPolicies.Admin;
    }

    public sealed record DeleteCommand(Guid Id) : ICommand<ErrorOr<Success>>, IAuthorizedRequest, IInvalidatesCache
    {
        IReadOnlyList<string> IInvalidatesCache.CacheTags => [GetClient.AllClientsCacheTag];

        public static string Policy => AppPolicies.Admin;
    }

    internal sealed class ListValidator : AbstractValidator<ListQuery>;

    internal sealed class CreateValidator : AbstractValidator<CreateCommand>
    {
        public CreateValidator()
        {
            RuleFor(c => c.Key).NotEmpty().Matches("^[a-z][a-z0-9_]{1,39}$")
                .WithMessage("Use 2 to 40 lower-case letters, digits and underscores, starting with a letter, such as referral_source.");
            RuleFor(c => c.Label).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Type).IsInEnum().WithMessage("Choose Text, Number, Date or Choice.");
            // Separate rules: a When applies to every rule before it in the same chain.
            RuleFor(c => c.Choices).NotEmpty().When(c => c.Type == CustomFieldType.Choice).WithMessage("List the values to choose from.");
            RuleFor(c => c.Choices).Must(choices => choices is null || choices.Count == 0).When(c => c.Type != CustomFieldType.Choice)
                .WithMessage("Only Choice fields have choices.");
            RuleFor(c => c.Choices).Must(choices => choices is null || (choices.Count <= 30 && choices.Distinct(StringComparer.OrdinalIgnoreCase).Count() == choices.Count))
                .WithMessage("List at most 30 different choices.");
            RuleForEach(c => c.Choices).NotEmpty().MaximumLength(100);
        }
    }

    internal sealed class DeleteValidator : AbstractValidator<DeleteCommand>
    {
        public DeleteValidator() => RuleFor(c => c.Id).NotEmpty();
    }

    internal sealed class Handler(CrmDbContext db, TimeProvider time)
        : IQueryHandler<ListQuery, ErrorOr<IReadOnlyList<Definition>>>,
          ICommandHandler<CreateCommand, ErrorOr<Definition>>,
          ICommandHandler<DeleteCommand, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<IReadOnlyList<Definition>>> Handle(ListQuery query, CancellationToken cancellationToken) =>
            await db.CustomFields.AsNoTracking()
                .OrderBy(f => f.Label)
                .Select(f => new Definition(f.Id, f.Key, f.Label, f.Type, f.Choices))
                .ToListAsync(cancellationToken);

        public async ValueTask<ErrorOr<Definition>> Handle(CreateCommand command, CancellationToken cancellationToken)
        {
            if (await db.CustomFields.AnyAsync(f => f.Key == command.Key, cancellationToken))
            {
                return CrmErrors.CustomFieldKeyTaken;
            }

            var now = time.GetUtcNow();
            var field = new CustomFieldDefinition
            {
                Id = Guid.CreateVersion7(now),
                Key = command.Key,
                Label = command.Label.Trim(),
                Type = command.Type,
                Choices = [.. (command.Choices ?? []).Select(c => c.Trim())],
                CreatedAt = now,
            };
            db.CustomFields.Add(field);
            return new Definition(field.Id, field.Key, field.Label, field.Type, field.Choices);
        }

        public async ValueTask<ErrorOr<Success>> Handle(DeleteCommand command, CancellationToken cancellationToken)
        {
            var field = await db.CustomFields.SingleOrDefaultAsync(f => f.Id == command.Id, cancellationToken);
            if (field is null)
            {
                return CrmErrors.CustomFieldNotFound(command.Id);
            }

            db.CustomFields.Remove(field);
            return Result.Success;
        }
    }

    public static void Map(IEndpointRouteBuilder crm)
    {
        crm.MapGet("/custom-fields", async Task<Results<Ok<IReadOnlyList<Definition>>, ProblemHttpResult>> (ISender sender, CancellationToken ct) =>
                (await sender.Send(new ListQuery(), ct)).ToOk())
            .WithName("ListCustomFields")
            .WithSummary("The custom fields every client has, as admins defined them.");

        crm.MapPost("/custom-fields", async Task<Results<Created<Definition>, ProblemHttpResult>> (CreateCommand command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command, ct)).ToCreated(_ => "/api/crm/custom-fields"))
            .WithName("CreateCustomField")
            .WithSummary("Defines a custom field (admins).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        crm.MapDelete("/custom-fields/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ISender sender, CancellationToken ct) =>
                (await sender.Send(new DeleteCommand(id), ct)).ToNoContent())
            .WithName("DeleteCustomField")
            .WithSummary("Deletes a custom field definition (admins).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
