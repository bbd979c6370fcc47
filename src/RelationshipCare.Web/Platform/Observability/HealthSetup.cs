using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Platform.Observability;

internal static class HealthSetup
{
    public const string Ready = "ready";

    public static IHealthChecksBuilder AddPlatformHealth(this IServiceCollection services) =>
        services.AddHealthChecks().AddDbContextCheck<PlatformDbContext>("database", tags: [Ready]);

    /// <summary>
    /// <c>/health/live</c> says the process answers (no dependency is checked, so a database outage does not
    /// restart every instance); <c>/health/ready</c> checks the database, Redis when configured, and jobs.
    /// </summary>
    public static WebApplication MapPlatformHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteReport,
        }).AllowAnonymous();
        return app;
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        // Names and states only: exception messages can carry connection details.
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
