using FluentValidation;
using RelationshipCare.Web.Platform.Configuration;

namespace RelationshipCare.Web.Platform.Api;

/// <summary>Limits of the HTTP API.</summary>
public sealed class ApiOptions : IAppOptions
{
    public static string Section => "Api";

    /// <summary>The largest request body the API reads, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Requests each agent may make per minute, sustained.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Requests an agent may make at once above the sustained rate.</summary>
    public int Burst { get; set; } = 100;

    internal sealed class Validator : AbstractValidator<ApiOptions>
    {
        public Validator()
        {
            RuleFor(o => o.MaxRequestBodyBytes).InclusiveBetween(1024, 100L * 1024 * 1024)
                .WithMessage("must be between 1024 and 104857600 bytes.");
            RuleFor(o => o.RequestsPerMinute).GreaterThanOrEqualTo(1)
                .WithMessage("must be at least 1.");
            RuleFor(o => o.Burst).GreaterThanOrEqualTo(1)
                .WithMessage("must be at least 1.");
        }
    }
}
