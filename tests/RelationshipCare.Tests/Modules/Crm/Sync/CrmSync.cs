using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Tests.Modules.Crm.Sync;

/// <summary>Runs the sync and the outbox delivery the way the job server does, in a scope of a host, and waits for their outcomes.</summary>
internal static class CrmSync
{
    public static async Task<SyncRun> RunAsync(IServiceProvider services, Guid connectionId)
    {
        await using var scope = services.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<SyncConnection.Runner>().RunAsync(connectionId, TestContext.Current.CancellationToken);
        return run ?? throw new InvalidOperationException("Another sync of the connection was running.");
    }

    public static async Task DeliverAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliverPendingWrites.Job>().RunAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Time passes: every pending write is due now (as it would be once its retry time came).</summary>
    public static async Task MakeWritesDueAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        await db.PendingWrites.ExecuteUpdateAsync(set => set.SetProperty(w => w.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1)), TestContext.Current.CancellationToken);
    }

    public static async Task<List<PendingWrite>> WritesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CrmDbContext>().PendingWrites.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
    }
}
