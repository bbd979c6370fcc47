using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Features;

namespace RelationshipCare.Tests.Infrastructure.Builders;

/// <summary>
/// The fields an admin fills in for an agent, valid unless a test says otherwise; built as the command that
/// creates an agent or the one that edits one.
/// </summary>
internal sealed record AgentBuilder
{
    public string FullName { get; init; } = "Alex Kim";

    public string Email { get; init; } = $"agent-{Guid.NewGuid():N}@agency.example";

    public AgentRole Role { get; init; } = AgentRole.JuniorAgent;

    public Guid? TeamId { get; init; }

    public int TrainingLevel { get; init; } = 2;

    public DateOnly ExperienceStartDate { get; init; } = new(2021, 4, 1);

    public IReadOnlyList<string> Certifications { get; init; } = ["Life & Health license"];

    public IReadOnlyList<string> Specialties { get; init; } = [LinesOfBusiness.Life];

    public bool CanForceAssign { get; init; }

    public bool CanReceiveHandoffs { get; init; } = true;

    public int MaxConcurrentClients { get; init; } = 40;

    /// <summary>A team lead, with the force-assign permission team leads start with.</summary>
    public AgentBuilder AsTeamLead() => this with { Role = AgentRole.TeamLead, CanForceAssign = true };

    public CreateAgent.Command ToCreate() => Fill(new CreateAgent.Command());

    public UpdateAgent.Command ToUpdate(Guid agentId) => Fill(new UpdateAgent.Command { AgentId = agentId });

    /// <summary>An agent as an admin creates them, through the mediator.</summary>
    public async Task<AgentSnapshot> CreateAsync(HostFixture host)
    {
        var created = await host.SendAsync(ToCreate(), Demo.Admin);
        return created.IsError ? throw new InvalidOperationException($"The agent could not be created: {created.FirstError}") : created.Value.Agent;
    }

    private TCommand Fill<TCommand>(TCommand command)
        where TCommand : AgentFields => command with
    {
        FullName = FullName,
        Email = Email,
        Role = Role,
        TeamId = TeamId,
        TrainingLevel = TrainingLevel,
        ExperienceStartDate = ExperienceStartDate,
        Certifications = Certifications,
        Specialties = Specialties,
        CanForceAssign = CanForceAssign,
        CanReceiveHandoffs = CanReceiveHandoffs,
        MaxConcurrentClients = MaxConcurrentClients,
    };
}
