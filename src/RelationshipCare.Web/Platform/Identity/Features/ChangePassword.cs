using ErrorOr;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using RelationshipCare.Web.Platform.Errors;

namespace RelationshipCare.Web.Platform.Identity.Features;

/// <summary>Changes the signed-in user's password; the new one must meet the same rules as every password.</summary>
internal static class ChangePassword
{
    public sealed record Command(string CurrentPassword, string NewPassword) : ICommand<ErrorOr<Success>>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CurrentPassword).NotEmpty();
            RuleFor(c => c.NewPassword).NotEmpty().MaximumLength(200)
                .NotEqual(c => c.CurrentPassword).WithMessage("The new password must differ from the current one.");
        }
    }

    internal sealed class Handler(UserManager<AppUser> users, ICurrentAgent agent) : ICommandHandler<Command, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(agent.Id.ToString());
            if (user is null)
            {
                return PlatformErrors.AccountNotFound;
            }

            if (!await users.CheckPasswordAsync(user, command.CurrentPassword))
            {
                return PlatformErrors.WrongPassword;
            }

            var changed = await users.ChangePasswordAsync(user, command.CurrentPassword, command.NewPassword);
            return changed.Succeeded
                ? Result.Success
                : changed.Errors.Select(e => Error.Validation(nameof(Command.NewPassword), e.Description)).ToList();
        }
    }

    public static void Map(IEndpointRouteBuilder account) =>
        account.MapPost("/password", async Task<Results<NoContent, ProblemHttpResult>> (Command command, ISender sender, CancellationToken ct) =>
                (await sender.Send(command, ct)).ToNoContent())
            .WithName("ChangePassword")
            .WithSummary("Changes your password.")
            .ProducesValidationProblem();
}
