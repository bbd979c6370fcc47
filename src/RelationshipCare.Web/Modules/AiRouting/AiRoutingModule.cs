using Hangfire;
using RelationshipCare.Web.Modules.AiRouting.Components;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Features;
using RelationshipCare.Web.Modules.AiRouting.Providers;
using RelationshipCare.Web.Modules.AiRouting.Routing;
using RelationshipCare.Web.Modules.AiRouting.Routing.Budgets;
using RelationshipCare.Web.Platform.Caching;
using RelationshipCare.Web.Platform.Api;
using RelationshipCare.Web.Platform.Configuration;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Jobs;
using RelationshipCare.Web.Platform.Ui;
using RelationshipCare.Web.Platform.Events;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Web.Modules.AiRouting;

/// <summary>
/// The AI router: every AI request is budget-checked, answered from the cache or routed to a model by its tier,
/// estimated with real token counts, approved by the team lead when expensive, reserved against the budgets, run
/// with fallbacks, settled at the provider's usage and recorded. Native API under <c>/api/ai</c>, and an
/// OpenAI-compatible one under <c>/v1</c>.
/// </summary>
public static class AiRoutingModule
{
    public static IServiceCollection AddAiRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<AiRoutingDbContext>(configuration, AiRoutingDbContext.SchemaName);
        services.AddAppOptions<AiRoutingOptions>();
        services.AddAiProviders(configuration);

        services.AddSingleton<ModelCatalogue>();
        services.AddSingleton<TokenCounter>();
        services.AddSingleton<AnswerCache>();
        services.AddIntegrationEventHandler<ClientUpdated, ForgetAnswersOfChangedClient>();
        services.AddSingleton<AiNotifier>();
        services.AddHostedService(provider => provider.GetRequiredService<AiNotifier>());
        services.AddSingleton<AiRecordWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<AiRecordWriter>());
        services.AddSingleton<AiRunRecorder>();
        services.AddSingleton<AiExecutor>();
        services.AddScoped<IClientContextSource, CrmClientContext>();
        // Budget counters in Redis when it is configured (shared by every instance), else in this one process.
        services.AddSingleton<IBudgetStore>(provider => provider.GetService<RedisConnection>() is { } redis
            ? ActivatorUtilities.CreateInstance<RedisBudgetStore>(provider, redis.Multiplexer)
            : new InProcessBudgetStore(provider.GetRequiredService<TimeProvider>()));
        services.AddScoped<BudgetLedger>();
        services.AddScoped<AiRouter>();

        services.AddScoped<RunApprovedRequest.Job>();
        services.AddScoped<RunShadowComparison.Job>();
        services.AddRecurringJob<ExpireApprovals.Job>("ai:expire-approvals", "* * * * *");
        services.AddRecurringJob<ReleaseStaleReservations.Job>("ai:release-stale-reservations", "*/10 * * * *");

        services.AddSlotComponent<AssistantPanel>(UiSlot.ClientPage, AppPolicies.SignedIn, 100);
        services.AddNavEntry(new NavEntry("Assistant", "assistant", MudBlazor.Icons.Material.Filled.AutoAwesome, NavArea.Agent, AppPolicies.SignedIn, 300));
        services.AddNavEntry(new NavEntry("AI approvals", "approvals", MudBlazor.Icons.Material.Filled.FactCheck, NavArea.Agent, AppPolicies.TeamLead, 310));
        services.AddNavEntry(new NavEntry("AI costs", "backoffice/ai", MudBlazor.Icons.Material.Filled.Insights, NavArea.BackOffice, AppPolicies.Admin, 300));
        services.AddNavEntry(new NavEntry("AI models & budgets", "backoffice/ai/models", MudBlazor.Icons.Material.Filled.Tune, NavArea.BackOffice, AppPolicies.Admin, 310));
        return services;
    }

    public static IEndpointRouteBuilder MapAiRouting(this IEndpointRouteBuilder endpoints)
    {
        // Made while the host starts: Hangfire's log provider is process-wide, and a client made later would take
        // its loggers from whichever host configured Hangfire last.
        endpoints.ServiceProvider.GetRequiredService<IBackgroundJobClient>();
        var ai = endpoints.MapModuleApi("ai", "AI");
        AskAi.Map(ai);
        EstimateAiRequest.Map(ai);
        GetAiRequest.Map(ai);
        ListApprovals.Map(ai);
        DecideApproval.Map(ai);
        GetAiUsage.Map(ai);
        ListCatalogue.Map(ai);
        SaveModel.Map(ai);
        SaveRoutingRule.Map(ai);
        ListBudgets.Map(ai);
        SaveBudget.Map(ai);

        var openAi = OpenAiCompatible.MapGroup(endpoints);
        CompleteChat.Map(openAi);
        ListOpenAiModels.Map(openAi);
        return endpoints;
    }
}
