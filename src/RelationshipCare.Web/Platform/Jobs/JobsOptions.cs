using FluentValidation;
using RelationshipCare.Web.Platform.Configuration;

namespace RelationshipCare.Web.Platform.Jobs;

/// <summary>Background and scheduled work (Hangfire).</summary>
public sealed class JobsOptions : IAppOptions
{
    public static string Section => "Jobs";

    /// <summary>Run a job server in this instance. Every instance runs one by default; they share the storage.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Jobs run at once by this instance.</summary>
    /// <value>Twice the processor count, at least 4.</value>
    public int WorkerCount { get; set; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>How often idle workers look for new jobs, in seconds.</summary>
    public int PollIntervalSeconds { get; set; } = 1;

    internal sealed class Validator : AbstractValidator<JobsOptions>
    {
        public Validator()
        {
            RuleFor(o => o.WorkerCount).InclusiveBetween(1, 100).WithMessage("must be between 1 and 100.");
            RuleFor(o => o.PollIntervalSeconds).InclusiveBetween(1, 60).WithMessage("must be between 1 and 60 seconds.");
        }
    }
}
