using ErrorOr;
using FluentValidation;
using Mediator;
using RelationshipCare.Web.Modules.AiRouting.Contracts;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>Answers <see cref="PurgeClientAiAnswers"/>: every cached answer tagged with the client is removed.</summary>
internal static class PurgeClientAnswers
{
    internal sealed class Validator : AbstractValidator<PurgeClientAiAnswers>
    {
        public Validator() => RuleFor(c => c.ClientId).NotEmpty();
    }

    internal sealed class Handler(AnswerCache cache) : ICommandHandler<PurgeClientAiAnswers, ErrorOr<Success>>
    {
        public async ValueTask<ErrorOr<Success>> Handle(PurgeClientAiAnswers command, CancellationToken cancellationToken)
        {
            await cache.PurgeClientAsync(command.ClientId, cancellationToken);
            return Result.Success;
        }
    }
}
