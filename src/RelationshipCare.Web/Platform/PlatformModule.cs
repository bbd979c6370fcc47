using RelationshipCare.Web.Platform.Api;
using RelationshipCare.Web.Platform.Caching;
using RelationshipCare.Web.Platform.Configuration;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Events;
using RelationshipCare.Web.Platform.Hosting;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Identity.Features;
using RelationshipCare.Web.Platform.Jobs;
using RelationshipCare.Web.Platform.Messaging;
using RelationshipCare.Web.Platform.Observability;
using RelationshipCare.Web.Platform.Ui;

namespace RelationshipCare.Web.Platform;

/// <summary>What every module uses and no module owns, composed in one place.</summary>
public static class PlatformModule
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        builder.AddPlatformLogging().AddPlatformTelemetry();
        // The API's own limit is tighter (Api:MaxRequestBodyBytes); this bounds everything else.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 10 * 1024 * 1024);

        var services = builder.Services;
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;

        services.AddSingleton(TimeProvider.System);
        services.AddAppMediator();
        services.AddAppOptions<DemoOptions>();
        services.AddScoped<IDemoSeeder, DemoAdmin>();

        services.AddPlatformData(configuration, contentRoot);
        services.AddPlatformIdentity(configuration);
        services.AddPlatformEvents(configuration);
        var health = services.AddPlatformHealth();
        services.AddPlatformCaching(configuration, health);
        services.AddPlatformJobs(configuration, contentRoot, health);
        services.AddPlatformApi(configuration);
        services.AddPlatformUi();
        services.AddRecurringJob<PurgeRetiredApiKeys.Job>("platform:purge-retired-api-keys", "30 3 * * *");
        return builder;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        // Outermost, so each request is logged with the status it finally got.
        app.UsePlatformRequestLogging();
        // The exception handler logs unexpected failures itself, once, with the trace id.
        app.UseExceptionHandler(new ExceptionHandlerOptions { SuppressDiagnosticsCallback = _ => true });
        app.UseWhen(context => context.Request.IsApiRequest(), api => api.UseStatusCodePages());
        // Pages asked for with GET re-execute as the error page, in a fresh scope (a page that answered 404 has already
        // used the request's component services). A refused form post keeps its bare status: re-executing a post would
        // run the form's antiforgery check again.
        app.UseWhen(
            context => !context.Request.IsApiRequest() && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)),
            pages => pages.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true));
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        // Routing after the status code pages, so a re-executed "/error/404" is routed to its page
        // (routing added implicitly at the start would keep the failed request's empty endpoint).
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapPlatformHealth();
        app.MapPlatformApiDocs();
        app.MapJobsDashboard();
        app.MapAccountApi();
        app.MapPlatformEvents();
        app.MapPlatformUi();
        return app;
    }
}
