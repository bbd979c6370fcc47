using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Modules.Teams.Features;
using RelationshipCare.Web.Platform.Hosting;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Modules.Teams;

/// <summary>The demo agency's people: a team lead, two specialists and two junior agents in two teams.</summary>
internal sealed class DemoAgency(TeamsDbContext db, UserAccounts accounts, TimeProvider time) : IDemoSeeder
{
    /// <summary>The demo API key (Morgan Lee's), documented in README; it exists only where demo data does.</summary>
    public const string DemoApiKey = "rc_demo-morgan-lee-local-only-api-key-0001";

    public static readonly Guid LifeAndHealthTeamId = Guid.Parse("0193a000-0000-7000-8000-000000000101");
    public static readonly Guid CommercialTeamId = Guid.Parse("0193a000-0000-7000-8000-000000000102");
    public static readonly Guid MorganLeeId = Guid.Parse("0193a000-0000-7000-8000-000000000011");

    private static readonly DemoAgent[] Agents =
    [
        new(MorganLeeId, "Morgan Lee", "morgan.lee", AgentRole.TeamLead, LifeAndHealthTeamId, 5, new DateOnly(2009, 3, 2),
            ["CLU", "ChFC"], [LinesOfBusiness.Life, LinesOfBusiness.Health, LinesOfBusiness.CommercialLines]),
        new(Guid.Parse("0193a000-0000-7000-8000-000000000012"), "Priya Shah", "priya.shah", AgentRole.Specialist, LifeAndHealthTeamId, 4, new DateOnly(2014, 9, 15),
            ["CLU", "Life & Health license"], [LinesOfBusiness.Life, LinesOfBusiness.Annuities]),
        new(Guid.Parse("0193a000-0000-7000-8000-000000000013"), "Daniel Okafor", "daniel.okafor", AgentRole.Specialist, CommercialTeamId, 4, new DateOnly(2012, 1, 9),
            ["CPCU", "Property & Casualty license"], [LinesOfBusiness.CommercialLines, LinesOfBusiness.WorkersCompensation]),
        new(Guid.Parse("0193a000-0000-7000-8000-000000000014"), "Jamie Rivera", "jamie.rivera", AgentRole.JuniorAgent, LifeAndHealthTeamId, 2, new DateOnly(2024, 6, 3),
            ["Life & Health license"], [LinesOfBusiness.Life]),
        new(Guid.Parse("0193a000-0000-7000-8000-000000000015"), "Sam Taylor", "sam.taylor", AgentRole.JuniorAgent, CommercialTeamId, 1, new DateOnly(2025, 8, 18),
            ["Property & Casualty license"], [LinesOfBusiness.CommercialLines]),
    ];

    public async Task<IReadOnlyList<string>> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Agents.AnyAsync(a => a.Id == MorganLeeId, cancellationToken))
        {
            return [];
        }

        var now = time.GetUtcNow();
        db.Teams.AddRange(
            new Team { Id = LifeAndHealthTeamId, Name = "Life & Health", Description = "Individual life, health and annuity clients.", LeadAgentId = MorganLeeId, CreatedAt = now },
            new Team { Id = CommercialTeamId, Name = "Commercial Lines", Description = "Business owners: property, liability, workers' comp.", LeadAgentId = MorganLeeId, CreatedAt = now });

        List<string> printed = [];
        foreach (var demo in Agents)
        {
            var email = $"{demo.Login}@{DemoAgencyCredentials.EmailDomain}";
            var account = await accounts.CreateAsync(demo.Id, email, demo.Name, DemoAgencyCredentials.Password, demo.Role.SignInRoles());
            if (account.IsError)
            {
                throw new InvalidOperationException($"The demo agent {demo.Name} could not be created: " + string.Join(" ", account.Errors.Select(e => e.Description)));
            }

            var permissions = Agent.DefaultPermissions(demo.Role);
            db.Agents.Add(new Agent
            {
                Id = demo.Id,
                FullName = demo.Name,
                Email = email,
                Role = demo.Role,
                TeamId = demo.TeamId,
                TrainingLevel = demo.TrainingLevel,
                ExperienceStartDate = demo.ExperienceStart,
                Certifications = [.. demo.Certifications],
                Specialties = [.. demo.Specialties],
                CanForceAssign = permissions.CanForceAssign,
                CanReceiveHandoffs = permissions.CanReceiveHandoffs,
                MaxConcurrentClients = permissions.MaxConcurrentClients,
                CreatedAt = now,
                UpdatedAt = now,
            });
            printed.Add($"{Describe(demo.Role),-11} {email,-36} password {DemoAgencyCredentials.Password}");
        }

        accounts.AddKnownApiKey(MorganLeeId, "Demo key", DemoApiKey);
        printed.Add($"API key     for morgan.lee@{DemoAgencyCredentials.EmailDomain}: {DemoApiKey}");
        return printed;
    }

    private static string Describe(AgentRole role) => role switch
    {
        AgentRole.TeamLead => "Team lead",
        AgentRole.Specialist => "Specialist",
        _ => "Junior",
    };

    private sealed record DemoAgent(
        Guid Id, string Name, string Login, AgentRole Role, Guid TeamId, int TrainingLevel, DateOnly ExperienceStart, string[] Certifications, string[] Specialties);
}
