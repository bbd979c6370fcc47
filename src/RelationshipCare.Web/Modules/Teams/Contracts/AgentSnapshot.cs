using System.ComponentModel;

namespace RelationshipCare.Web.Modules.Teams.Contracts;

/// <summary>An agent's role in the agency, which sets their default permissions.</summary>
public enum AgentRole
{
    /// <summary>Leads a team: approves their requests, may force-assign clients.</summary>
    TeamLead,

    /// <summary>An experienced agent with lines of business they specialise in.</summary>
    Specialist,

    /// <summary>An agent in training, with a smaller book of clients.</summary>
    JuniorAgent,
}

/// <summary>What an agent may do with clients.</summary>
/// <param name="CanForceAssign">May assign a client to another agent without their acceptance.</param>
/// <param name="CanReceiveHandoffs">May be offered clients by colleagues.</param>
/// <param name="Specialties">Lines of business the agent specialises in (see <see cref="LinesOfBusiness"/>).</param>
/// <param name="MaxConcurrentClients">How many clients the agent may own at once.</param>
public sealed record AgentPermissions(bool CanForceAssign, bool CanReceiveHandoffs, IReadOnlyList<string> Specialties, int MaxConcurrentClients);

/// <summary>An agent as other modules see them.</summary>
/// <param name="Id">The agent's id, which is also the id of the account they sign in with.</param>
/// <param name="TeamId">The agent's home team, if any.</param>
/// <param name="TrainingLevel">1 (new) to 5 (fully trained).</param>
/// <param name="ExperienceStartDate">When the agent started in insurance, for experience requirements.</param>
/// <remarks>Immutable: the directory's cache hands out the one instance rather than a deserialized copy per read.</remarks>
[ImmutableObject(true)]
public sealed record AgentSnapshot(
    Guid Id,
    string FullName,
    string Email,
    AgentRole Role,
    Guid? TeamId,
    string? TeamName,
    bool IsActive,
    int TrainingLevel,
    DateOnly ExperienceStartDate,
    IReadOnlyList<string> Certifications,
    AgentPermissions Permissions);
