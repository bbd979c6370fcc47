using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Modules.Teams.Data;

internal sealed class TeamsDbContext(DbContextOptions<TeamsDbContext> options) : ModuleDbContext(options, SchemaName)
{
    public const string SchemaName = "teams";

    /// <summary>Roles are stored by the names the original agent_roles table used.</summary>
    private static readonly ValueConverter<AgentRole, string> RoleNames = new(
        role => role == AgentRole.TeamLead ? "team_lead" : role == AgentRole.Specialist ? "specialist" : "junior_agent",
        name => name == "team_lead" ? AgentRole.TeamLead : name == "specialist" ? AgentRole.Specialist : AgentRole.JuniorAgent);

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<Team> Teams => Set<Team>();

    /// <summary>The given agents with their team's name, as the module hands them out. Filter the agents first.</summary>
    public IQueryable<AgentSnapshot> Snapshots(IQueryable<Agent> agents) =>
        from agent in agents.AsNoTracking()
        join team in Teams.AsNoTracking() on agent.TeamId equals team.Id into teams
        from team in teams.DefaultIfEmpty()
        select new AgentSnapshot(
            agent.Id,
            agent.FullName,
            agent.Email,
            agent.Role,
            agent.TeamId,
            team == null ? null : team.Name,
            agent.IsActive,
            agent.TrainingLevel,
            agent.ExperienceStartDate,
            agent.Certifications,
            new AgentPermissions(agent.CanForceAssign, agent.CanReceiveHandoffs, agent.Specialties, agent.MaxConcurrentClients));

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Agent>(agent =>
        {
            agent.ToTable("agents");
            agent.HasKey(a => a.Id);
            agent.Property(a => a.FullName).HasMaxLength(200);
            agent.Property(a => a.Email).HasMaxLength(256);
            agent.HasIndex(a => a.Email).IsUnique();
            agent.Property(a => a.Role).HasConversion(RoleNames).HasMaxLength(20);
            agent.HasIndex(a => a.TeamId);
        });

        modelBuilder.Entity<Team>(team =>
        {
            team.ToTable("teams");
            team.HasKey(t => t.Id);
            team.Property(t => t.Name).HasMaxLength(100);
            team.HasIndex(t => t.Name).IsUnique();
            team.Property(t => t.Description).HasMaxLength(500);
            team.HasIndex(t => t.LeadAgentId);
        });
    }

}
