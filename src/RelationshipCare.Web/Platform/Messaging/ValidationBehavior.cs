using ErrorOr;
using FluentValidation;
using Mediator;

namespace RelationshipCare.Web.Platform.Messaging;

/// <summary>
/// Runs every FluentValidation validator of the message and turns failures into validation errors,
/// so handlers only ever see valid messages. Only messages answered with <see cref="IErrorOr"/> can be refused.
/// Validators check the message's shape and run synchronously: a check that needs I/O (does this agent exist, is this
/// name taken) belongs to the handler, which answers it in the same transaction as the change it guards.
/// </summary>
internal sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IErrorOr
{
    // A validator without rules (a query with nothing to check) is skipped rather than run.
    private readonly IValidator<TMessage>[] _validators = [.. validators.Where(v => v is not IEnumerable<IValidationRule> rules || rules.Any())];

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (_validators.Length == 0)
        {
            return await next(message, cancellationToken);
        }

        List<Error>? errors = null;
        var context = new ValidationContext<TMessage>(message);
        foreach (var validator in _validators)
        {
            var result = validator.Validate(context);
            foreach (var failure in result.Errors)
            {
                (errors ??= []).Add(Error.Validation(failure.PropertyName, failure.ErrorMessage));
            }
        }

        return errors is null ? await next(message, cancellationToken) : ErrorsAs<TResponse>.Create(errors);
    }
}

/// <summary>Builds an <c>ErrorOr&lt;T&gt;</c> holding errors when only the closed response type is known.</summary>
internal static class ErrorsAs<TResponse>
    where TResponse : IErrorOr
{
    public static readonly Func<List<Error>, TResponse> Create =
        typeof(TResponse).GetMethod("From", [typeof(List<Error>)])?.CreateDelegate<Func<List<Error>, TResponse>>()
        ?? throw new InvalidOperationException($"{typeof(TResponse)} has no From(List<Error>) factory.");
}
