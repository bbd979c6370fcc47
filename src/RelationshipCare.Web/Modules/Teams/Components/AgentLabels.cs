using MudBlazor;
using MudBlazor.Utilities;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Ui.Layout;

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

    /// <summary>The role's colour as CSS, for charts (which take colours, not theme colour names).</summary>
    public static string RoleCssColor(AgentRole role)
    {
        var palette = AppTheme.Theme.PaletteLight;
        var color = RoleColor(role) switch
        {
            Color.Primary => palette.Primary,
            Color.Secondary => palette.Secondary,
            _ => palette.Tertiary,
        };
        return color.ToString(MudColorOutputFormats.Hex);
    }

    public static string FirstName(string fullName) => fullName.Split(' ', 2)[0];

    /// <summary>"Morgan Lee" as "ML", for an avatar.</summary>
    public static string Initials(string fullName) =>
        string.Concat(fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(part => char.ToUpperInvariant(part[0])));

    /// <summary>"7 years" of experience from the start date.</summary>
    public static string Experience(DateOnly start, DateTimeOffset now)
    {
        var years = now.Year - start.Year - (now.DayOfYear < start.DayOfYear ? 1 : 0);
        return years < 1 ? "under a year" : years == 1 ? "1 year" : $"{years} years";
    }
}
