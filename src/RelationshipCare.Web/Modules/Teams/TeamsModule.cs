using RelationshipCare.Web.Modules.Teams.Components;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Modules.Teams.Features;
using RelationshipCare.Web.Platform.Api;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Hosting;
using RelationshipCare.Web.Platform.Identity;
using RelationshipCare.Web.Platform.Ui;

namespace RelationshipCare.Web.Modules.Teams;

/// <summary>Agents, teams and roles: the agency's directory. (Handoffs between agents come later.)</summary>
public static class TeamsModule
{
    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<TeamsDbContext>(configuration, TeamsDbContext.SchemaName);
        services.AddScoped<IDemoSeeder, DemoAgency>();

        services.AddNavEntry(new NavEntry("Agents", "agents", MudBlazor.Icons.Material.Filled.Badge, NavArea.Agent, AppPolicies.SignedIn, 200));
        services.AddNavEntry(new NavEntry("Teams", "teams", MudBlazor.Icons.Material.Filled.Groups, NavArea.Agent, AppPolicies.SignedIn, 210));
        // The same pages in their admin view (deactivated agents shown), where admins look for them.
        services.AddNavEntry(new NavEntry("Manage agents", "backoffice/agents", MudBlazor.Icons.Material.Filled.ManageAccounts, NavArea.BackOffice, AppPolicies.Admin, 100));
        services.AddNavEntry(new NavEntry("Manage teams", "backoffice/teams", MudBlazor.Icons.Material.Filled.Diversity3, NavArea.BackOffice, AppPolicies.Admin, 110));
        services.AddSlotComponent<MyTeamCard>(UiSlot.Dashboard, AppPolicies.SignedIn, 100);
        services.AddSlotComponent<AgencyOverviewCard>(UiSlot.Dashboard, AppPolicies.TeamLead, 110);
        services.AddSlotComponent<MyAgentProfileCard>(UiSlot.Profile, AppPolicies.SignedIn, 100);
        return services;
    }

    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder endpoints)
    {
        var teams = endpoints.MapModuleApi("teams", "Teams");
        ListAgents.Map(teams);
        GetAgentProfile.Map(teams);
        CreateAgent.Map(teams);
        UpdateAgent.Map(teams);
        SetAgentActive.Map(teams);
        ListTeams.Map(teams);
        GetTeam.Map(teams);
        CreateTeam.Map(teams);
        UpdateTeam.Map(teams);
        DeleteTeam.Map(teams);
        return endpoints;
    }
}
