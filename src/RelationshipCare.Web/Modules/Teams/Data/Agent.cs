using RelationshipCare.Web.Modules.Teams.Contracts;

namespace RelationshipCare.Web.Modules.Teams.Data;

/// <summary>An agent of the agency. The id is the id of the sign-in account created with the agent.</summary>
internal sealed class Agent
{
    public Guid Id { get; init; }

    public required string FullName { get; set; }

    public required string Email { get; set; }

    public AgentRole Role { get; set; }

    public Guid? TeamId { get; set; }

    public int TrainingLevel { get; set; } = 1;

    public DateOnly ExperienceStartDate { get; set; }

    public List<string> Certifications { get; set; } = [];

    public bool IsActive { get; set; } = true;

    public bool CanForceAssign { get; set; }

    public bool CanReceiveHandoffs { get; set; } = true;

    public List<string> Specialties { get; set; } = [];

    public int MaxConcurrentClients { get; set; } = 50;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The permissions a role starts with; admins adjust them per agent.</summary>
    public static AgentPermissions DefaultPermissions(AgentRole role) => role switch
    {
        AgentRole.TeamLead => new AgentPermissions(CanForceAssign: true, CanReceiveHandoffs: true, [], MaxConcurrentClients: 150),
        AgentRole.Specialist => new AgentPermissions(CanForceAssign: false, CanReceiveHandoffs: true, [], MaxConcurrentClients: 120),
        _ => new AgentPermissions(CanForceAssign: false, CanReceiveHandoffs: true, [], MaxConcurrentClients: 50),
    };
}

/// <summary>A team of agents, usually with a lead. A lead may lead more than one team.</summary>
internal sealed class Team
{
    public Guid Id { get; init; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public Guid? LeadAgentId { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
