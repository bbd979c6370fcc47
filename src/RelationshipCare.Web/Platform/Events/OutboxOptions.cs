using FluentValidation;
using RelationshipCare.Web.Platform.Configuration;

namespace RelationshipCare.Web.Platform.Events;

/// <summary>Delivery of integration events from the outbox.</summary>
public sealed class OutboxOptions : IAppOptions
{
    public static string Section => "Outbox";

    /// <summary>Deliveries one claim takes at most.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Deliveries this instance handles at once.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>How long a claimed delivery is left to its instance, in seconds: longer than a handler takes, so only a crashed instance's claim runs out.</summary>
    public int ClaimSeconds { get; set; } = 60;

    /// <summary>Failed attempts after which a delivery becomes a dead letter, for an admin to retry or discard.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Days handled messages and their inbox entries are kept.</summary>
    public int RetentionDays { get; set; } = 7;

    internal sealed class Validator : AbstractValidator<OutboxOptions>
    {
        public Validator()
        {
            RuleFor(o => o.BatchSize).InclusiveBetween(1, 1000).WithMessage("must be between 1 and 1000.");
            RuleFor(o => o.Parallelism).InclusiveBetween(1, 64).WithMessage("must be between 1 and 64.");
            RuleFor(o => o.ClaimSeconds).InclusiveBetween(1, 3600).WithMessage("must be between 1 and 3600 seconds.");
            RuleFor(o => o.MaxAttempts).InclusiveBetween(1, 100).WithMessage("must be between 1 and 100.");
            RuleFor(o => o.RetentionDays).InclusiveBetween(1, 3650).WithMessage("must be between 1 and 3650 days.");
        }
    }
}
