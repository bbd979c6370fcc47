using RelationshipCare.Web.Modules.Crm.Components;
using RelationshipCare.Web.Modules.Crm.Connectors;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;
using RelationshipCare.Web.Platform.Api;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Hosting;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Jobs;
using RelationshipCare.Web.Platform.Ui;
using RelationshipCare.Web.Platform.Events;
using RelationshipCare.Web.Modules.Crm.Contracts;

namespace RelationshipCare.Web.Modules.Crm;

/// <summary>Clients: the platform's own client store, who sees which client, search, the client 360 and editing.</summary>
public static class CrmModule
{
    public static IServiceCollection AddCrm(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<CrmDbContext>(configuration, CrmDbContext.SchemaName);
        services.AddScoped<ClientVisibility>();
        services.AddSingleton<ClientChanges>();
        services.AddIntegrationEventHandler<ClientUpdated, ClientChanges.Handler>();
        services.AddScoped<IDemoSeeder, DemoClients>();
        services.AddCrmConnectors();
        services.AddScoped<CrmConnections>();
        services.AddScoped<ClientOutbox>();
        services.AddScoped<PolicyEdits>();
        services.AddScoped<SyncConnection.Runner>();
        services.AddRecurringJob<SyncConnection.Job>("crm:sync-connections", "*/15 * * * *");
        services.AddRecurringJob<DeliverPendingWrites.Job>("crm:deliver-pending-writes", "* * * * *");

        services.AddNavEntry(new NavEntry("Clients", "clients", MudBlazor.Icons.Material.Filled.Contacts, NavArea.Agent, AppPolicies.SignedIn, 100));
        services.AddNavEntry(new NavEntry("Custom fields", "backoffice/custom-fields", MudBlazor.Icons.Material.Filled.DynamicForm, NavArea.BackOffice, AppPolicies.Admin, 200));
        services.AddNavEntry(new NavEntry("CRM connections", "backoffice/crm", MudBlazor.Icons.Material.Filled.SyncAlt, NavArea.BackOffice, AppPolicies.Admin, 210));
        services.AddSlotComponent<UpcomingRenewalsCard>(UiSlot.Dashboard, AppPolicies.SignedIn, 50);
        return services;
    }

    public static IEndpointRouteBuilder MapCrm(this IEndpointRouteBuilder endpoints)
    {
        var crm = endpoints.MapModuleApi("crm", "Crm");
        ListClients.Map(crm);
        GetClient.Map(crm);
        CreateClient.Map(crm);
        ListClientStores.Map(crm);
        ListClientOwners.Map(crm);
        UpdateClient.Map(crm);
        AddPolicy.Map(crm);
        UpdatePolicy.Map(crm);
        AddClientNote.Map(crm);
        ShareClient.Map(crm);
        UnshareClient.Map(crm);
        ManageCustomFields.Map(crm);
        ListConnections.Map(crm);
        CreateConnection.Map(crm);
        UpdateConnection.Map(crm);
        TestConnection.Map(crm);
        DeleteConnection.Map(crm);
        ListSyncRuns.Map(crm);
        SyncConnection.Map(crm);
        GetClientSyncStates.Map(crm);
        return endpoints;
    }
}
