using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Extensions.Hosting;
using Serilog.Formatting.Compact;

namespace RelationshipCare.Web.Platform.Observability;

internal static class ObservabilitySetup
{
    public const string ServiceName = "relationship-care";

    /// <summary>
    /// A line waits at most a tenth of a second to be written. Past 100,000 lines waiting (standard output blocked
    /// for a minute or more), new ones are dropped rather than making requests wait.
    /// </summary>
    internal static readonly BatchingOptions LogBatches = new()
    {
        BatchSizeLimit = 1_000,
        BufferingTimeLimit = TimeSpan.FromMilliseconds(100),
        QueueLimit = 100_000,
    };

    /// <summary>
    /// Serilog writes what Microsoft.Extensions.Logging produces, after redaction: logging goes through the
    /// standard logger factory (not Serilog's own) so the redactor sees every classified value first.
    /// Development logs are readable lines; elsewhere they are JSON, written in batches off the request's path so that
    /// no request waits on standard output.
    /// </summary>
    public static WebApplicationBuilder AddPlatformLogging(this WebApplicationBuilder builder)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Migrations", LogEventLevel.Information)
            .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Service", ServiceName);
        configuration = builder.Environment.IsDevelopment()
            ? configuration.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
            : configuration.WriteTo.Sink(new StandardOutputSink(new RenderedCompactJsonFormatter(), Console.OpenStandardOutput()), LogBatches);
        var logger = configuration.CreateLogger();

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        builder.Logging.EnableRedaction();
        builder.Services.AddRedaction(redaction => redaction.SetRedactor<MaskingRedactor>(PersonalData.All));
        builder.Services.AddSingleton(new DiagnosticContext(logger));
        builder.Services.AddSingleton<IDiagnosticContext>(sp => sp.GetRequiredService<DiagnosticContext>());
        builder.Services.AddSingleton<Serilog.ILogger>(logger);
        return builder;
    }

    /// <summary>
    /// Traces and metrics for requests, outgoing HTTP calls and the database, exported by OTLP; collected only when an
    /// endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT), since without one they would go nowhere. Logs and problems
    /// carry the request's trace id either way: ASP.NET Core starts the request's activity for its own logging.
    /// </summary>
    public static WebApplicationBuilder AddPlatformTelemetry(this WebApplicationBuilder builder)
    {
        // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and the other standard OTEL_* variables) itself.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>One line per request: method, path (never the query string), status and time.</summary>
    public static WebApplication UsePlatformRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            // A failure's exception is logged once, at Error, by the exception handler; its request line is a warning.
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Warning
                : context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/_blazor") ? LogEventLevel.Verbose
                : LogEventLevel.Information;
        });
        return app;
    }
}
