using RelationshipCare.Web.Platform.Api;
using RelationshipCare.Web.Platform.Configuration;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Jobs;
using RelationshipCare.Web.Platform.Ui;

namespace RelationshipCare.Web.Platform.Events;

internal static class EventsSetup
{
    /// <summary>The outbox, its dispatcher on every host, the minute sweep and the dead letters' page.</summary>
    public static IServiceCollection AddPlatformEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAppOptions<OutboxOptions>();
        services.AddModuleDbContext<OutboxDbContext>(configuration, OutboxDbContext.SchemaName);
        services.AddSingleton<EventRoutes>();
        services.AddSingleton<OutboxSignal>();
        services.AddScoped<EventOutbox>();
        services.AddScoped<IEventPublisher>(sp => sp.GetRequiredService<EventOutbox>());
        services.AddScoped<IUnitOfWorkParticipant>(sp => sp.GetRequiredService<EventOutbox>());
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddRecurringJob<OutboxDispatcher.Sweep>("platform:outbox-sweep", "* * * * *");
        services.AddNavEntry(new NavEntry("Dead letters", "backoffice/dead-letters", MudBlazor.Icons.Material.Filled.MarkEmailUnread, NavArea.BackOffice, AppPolicies.Admin, 890));
        return services;
    }

    public static WebApplication MapPlatformEvents(this WebApplication app)
    {
        DeadLetters.Map(app.MapModuleApi("platform/outbox", "Platform"));
        return app;
    }
}
