using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RelationshipCare.Web.Platform.Configuration;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Observability;

namespace RelationshipCare.Web.Platform.Jobs;

/// <summary>A recurring job a module declares in its <c>XModule.cs</c>; applied to Hangfire when the host starts.</summary>
internal sealed record RecurringJobDefinition(string Id, string Cron, Type JobType);

internal static class JobsSetup
{
    public static IServiceCollection AddPlatformJobs(this IServiceCollection services, IConfiguration configuration, string contentRoot, IHealthChecksBuilder health)
    {
        services.AddAppOptions<JobsOptions>();
        var runServer = configuration.ReadAppOptions<JobsOptions>().RunServer;

        // Hangfire is built from the validated options, so a bad value is refused with its key before Hangfire uses it.
        services.AddHangfire((sp, hangfire) =>
        {
            var provider = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider;
            var connectionStrings = sp.GetRequiredService<IOptions<ConnectionStringsOptions>>().Value;
            var poll = PollInterval(sp);
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (provider == DatabaseProvider.Postgres)
            {
                hangfire.UsePostgreSqlStorage(
                    storage => storage.UseNpgsqlConnection(connectionStrings.Postgres),
                    new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = poll });
            }
            else
            {
                // Local mode only: this storage is reliable with one server, which is what a local host runs.
                var file = Path.GetFullPath(Path.Combine(contentRoot, connectionStrings.HangfireSqlite));
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                hangfire.UseSQLiteStorage(file, new SQLiteStorageOptions { QueuePollInterval = poll });
            }
        });

        if (runServer)
        {
            services.AddHangfireServer((sp, server) =>
            {
                server.WorkerCount = sp.GetRequiredService<IOptions<JobsOptions>>().Value.WorkerCount;
                server.SchedulePollingInterval = PollInterval(sp);
            });
            services.AddHostedService<RecurringJobsRegistration>();
        }

        health.AddCheck<JobServerHealthCheck>("jobs", tags: [HealthSetup.Ready]);
        return services;
    }

    private static TimeSpan PollInterval(IServiceProvider services) =>
        TimeSpan.FromSeconds(services.GetRequiredService<IOptions<JobsOptions>>().Value.PollIntervalSeconds);

    /// <summary>Declares a recurring job: <typeparamref name="TJob"/>'s <c>RunAsync</c> on the given cron schedule (UTC).</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, string cron)
        where TJob : class, IRecurringJob
    {
        services.AddScoped<TJob>();
        return services.AddSingleton(new RecurringJobDefinition(id, cron, typeof(TJob)));
    }

    /// <summary>The dashboard, for admins only: the endpoint policy and Hangfire's own filter both check the role.</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboardWithAuthorizationPolicy(AppPolicies.Admin, "/backoffice/jobs", new DashboardOptions
        {
            DashboardTitle = "Relationship Care · Jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
            Authorization = [new AdminOnlyDashboardFilter()],
        });
        return app;
    }
}

/// <summary>A job that runs on a schedule.</summary>
internal interface IRecurringJob
{
    Task RunAsync(CancellationToken cancellationToken);
}

internal sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(AppRoles.Admin);
}

/// <summary>Applies the modules' recurring jobs at start, so schedules follow the code that is deployed.</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager manager, IEnumerable<RecurringJobDefinition> definitions) : IHostedService
{
    private static readonly System.Reflection.MethodInfo Run = typeof(IRecurringJob).GetMethod(nameof(IRecurringJob.RunAsync))!;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var definition in definitions)
        {
            var job = new Hangfire.Common.Job(definition.JobType, Run, CancellationToken.None);
            manager.AddOrUpdate(definition.Id, job, definition.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Ready when a job server of this storage has reported in recently (any instance's).</summary>
internal sealed class JobServerHealthCheck(JobStorage storage, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var alive = storage.GetMonitoringApi().Servers().Count(s => s.Heartbeat is { } beat && now - beat < Stale);
        return Task.FromResult(alive > 0
            ? HealthCheckResult.Healthy($"{alive} job server(s) reporting")
            : HealthCheckResult.Unhealthy("No job server has reported in the last two minutes."));
    }
}
