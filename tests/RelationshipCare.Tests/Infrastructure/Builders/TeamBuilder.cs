using RelationshipCare.Web.Modules.Teams.Features;

namespace RelationshipCare.Tests.Infrastructure.Builders;

/// <summary>The fields an admin fills in for a team, valid unless a test says otherwise.</summary>
internal sealed record TeamBuilder
{
    public string Name { get; init; } = $"Team {Guid.NewGuid().ToString("N")[..8]}";

    public string? Description { get; init; } = "Personal lines for young families.";

    public Guid? LeadAgentId { get; init; }

    public CreateTeam.Command ToCreate() => Fill(new CreateTeam.Command());

    public UpdateTeam.Command ToUpdate(Guid teamId) => Fill(new UpdateTeam.Command { TeamId = teamId });

    /// <summary>A team as an admin creates it, through the mediator.</summary>
    public async Task<ListTeams.TeamSummary> CreateAsync(HostFixture host)
    {
        var created = await host.SendAsync(ToCreate(), Demo.Admin);
        return created.IsError ? throw new InvalidOperationException($"The team could not be created: {created.FirstError}") : created.Value;
    }

    private TCommand Fill<TCommand>(TCommand command)
        where TCommand : TeamFields => command with { Name = Name, Description = Description, LeadAgentId = LeadAgentId };
}
