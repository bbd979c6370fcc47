using ErrorOr;
using Mediator;

namespace RelationshipCare.Web.Modules.Teams.Contracts;

/// <summary>One agent, active or not. Not found when no agent has this id.</summary>
public sealed record GetAgent(Guid AgentId) : IQuery<ErrorOr<AgentSnapshot>>;

/// <summary>The agents of a team (active ones, unless asked otherwise), lead first. Not found when the team does not exist.</summary>
public sealed record ListTeamMembers(Guid TeamId, bool IncludeInactive = false) : IQuery<ErrorOr<IReadOnlyList<AgentSnapshot>>>;

/// <summary>
/// Who leads an agent: the lead of the agent's home team. Not found when the agent has no team, the team has no
/// lead, or the agent leads it themself (then an admin is the next in line).
/// </summary>
public sealed record GetAgentLead(Guid AgentId) : IQuery<ErrorOr<AgentSnapshot>>;

/// <summary>
/// The ids of the agents (active or not) in the teams <paramref name="LeadAgentId"/> leads, the lead excluded; empty
/// when they lead no team. Other modules use it to let a lead see their teams' work.
/// </summary>
public sealed record ListAgentsLedBy(Guid LeadAgentId) : IQuery<ErrorOr<IReadOnlyList<Guid>>>;

/// <summary>Every active agent, in name order: for pickers in other modules (such as sharing a client).</summary>
public sealed record ListActiveAgents : IQuery<ErrorOr<IReadOnlyList<AgentSnapshot>>>;
