using Mediator;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Tests.Infrastructure;
using RelationshipCare.Web.Modules.Teams.Contracts;
using RelationshipCare.Web.Modules.Teams.Data;
using RelationshipCare.Web.Modules.Teams.Features;
using RelationshipCare.Web.Platform.Identity.Features;

namespace RelationshipCare.Tests.Platform.Data;

/// <summary>
/// The unit of work clears the cache a command makes stale once, after that command's commit, and leaves the contexts a
/// command never used unset-up.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class UnitOfWorkTests(HostFixture host) : HostTest(host)
{
    [Fact]
    public async Task Given_a_circuit_that_committed_a_directory_change_When_it_commits_another_command_Then_the_cache_the_first_cleared_is_left_alone()
    {
        // One scope sending several commands, as a Blazor circuit does.
        await using var circuit = await Host.ScopeActingAsAsync(Demo.Admin);
        var sender = circuit.ServiceProvider.GetRequiredService<ISender>();
        Assert.False((await sender.Send(new SetAgentActive.Command(Demo.DanielOkafor.Id, Active: true), Ct)).IsError);
        var cached = (await Host.SendAsync(new GetAgent(Demo.DanielOkafor.Id), Demo.Admin)).Value;
        // Changed behind the cache's back: only a cleared cache would show it.
        await Host.ReadAsync<TeamsDbContext, int>(db => db.Agents.Where(a => a.Id == Demo.DanielOkafor.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.TrainingLevel, cached.TrainingLevel == 5 ? 4 : 5), Ct));

        Assert.False((await sender.Send(new CreateApiKey.Command("Reports", ExpiresInDays: 30), Ct)).IsError);

        var after = (await Host.SendAsync(new GetAgent(Demo.DanielOkafor.Id), Demo.Admin)).Value;
        Assert.Equal(cached.TrainingLevel, after.TrainingLevel);
    }

    [Fact]
    public async Task Given_a_module_context_a_command_never_used_When_the_command_commits_Then_it_is_left_unset_up()
    {
        await using var scope = await Host.ScopeActingAsAsync(Demo.Admin);
        var unused = scope.ServiceProvider.GetRequiredService<RelationshipCare.Web.Modules.Crm.Data.CrmDbContext>();

        var created = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new CreateApiKey.Command("Reports", ExpiresInDays: 30), Ct);

        Assert.False(created.IsError);
        Assert.False(unused.InUse);
    }
}
