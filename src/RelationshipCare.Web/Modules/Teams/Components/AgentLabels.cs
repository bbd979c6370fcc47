using MudBlazor;
using RelationshipCare.Web.Modules.Teams.Contracts;

namespace RelationshipCare.Web.Modules.Teams.Components;

/// <summary>How roles read and look in the UI.</summary>
internal static class AgentLabels
{
    public static string Role(AgentRole role) => role switch
    {
        AgentRole.TeamLead => "Team lead",
        AgentRole.Specialist => "Specialist",
        _ => "Junior agent",
    };

    public static Color RoleColor(AgentRole role) => role switch
    {
        AgentRole.TeamLead => Color.Primary,
        AgentRole.Specialist => Color.Secondary,
        _ => Color.Tertiary,
    };

    /// <summary>"7 years" of experience from the start date.</summary>
    public static string Experience(DateOnly start, DateTimeOffset now)
    {
        var years = now.Year - start.Year - (now.DayOfYear < start.DayOfYear ? 1 : 0);
        return years < 1 ? "under a year" : years == 1 ? "1 year" : $"{years} years";
    }
}
