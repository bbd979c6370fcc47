using ErrorOr;

namespace RelationshipCare.Web.Modules.Teams;

/// <summary>The Teams module's expected failures, each with a stable code.</summary>
internal static class TeamsErrors
{
    public static Error AgentNotFound(Guid id) => Error.NotFound("teams.agent-not-found", $"No agent has the id {id}.");

    public static Error TeamNotFound(Guid id) => Error.NotFound("teams.team-not-found", $"No team has the id {id}.");

    public static readonly Error NotAnAgent = Error.NotFound("teams.not-an-agent", "You are signed in, but you have no agent profile (admins without one manage the agency only).");

    public static readonly Error NoLead = Error.NotFound("teams.no-lead", "This agent has no team lead above them.");

    public static readonly Error UnknownTeam = Error.Validation("TeamId", "No team has this id.");

    public static readonly Error EmailTaken = Error.Validation("Email", "Another agent already uses this email address.");

    public static readonly Error TeamNameTaken = Error.Validation("Name", "Another team already has this name.");

    public static readonly Error LeadMustBeTeamLead = Error.Validation("LeadAgentId", "A team's lead must be an active agent with the team lead role.");

    public static Error LeadsTeams(string teams) => Error.Conflict(
        "teams.agent-leads-teams", $"This agent leads {teams}; appoint another lead there first.");

    public static Error TeamHasMembers(int count) => Error.Conflict(
        "teams.team-has-members", $"The team still has {count} agent(s); move them to another team first.");
}
