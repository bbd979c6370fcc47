using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;

namespace RelationshipCare.Web.Platform.Data;

/// <summary>
/// One per scope: every module DbContext of the scope shares its connection, so a command that changes
/// several modules' data commits once, atomically. Handlers that must save in steps (such as ASP.NET Core
/// Identity, which saves as it goes) call <see cref="BeginTransactionAsync"/> first.
/// </summary>
internal sealed class UnitOfWork(DbConnection connection, HybridCache cache) : IAsyncDisposable, IDisposable
{
    private readonly List<DbContext> _contexts = [];
    private readonly HashSet<string> _staleCacheTags = [];
    private DbTransaction? _transaction;

    public DbConnection Connection => connection;

    internal void Enlist(DbContext context)
    {
        _contexts.Add(context);
        if (_transaction is not null)
        {
            context.Database.UseTransaction(_transaction);
        }
    }

    public async Task BeginTransactionAsync(CancellationToken cancellationToken)
    {
        if (_transaction is not null)
        {
            return;
        }

        if (connection.State != ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        _transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var context in _contexts)
        {
            await context.Database.UseTransactionAsync(_transaction, cancellationToken);
        }
    }

    /// <summary>Cache tags whose entries the changes of this scope make stale: removed after the next commit.</summary>
    public void InvalidateOnCommit(IEnumerable<string> tags) => _staleCacheTags.UnionWith(tags);

    /// <summary>Saves every module's changes (atomically when more than one changed), then clears the stale cache entries.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) =>
        !Used.Any() && _transaction is null && _staleCacheTags.Count == 0 ? Task.CompletedTask : CommitChangesAsync(cancellationToken);

    /// <summary>The enlisted contexts something has used: the others have no changes and are left unset-up.</summary>
    private IEnumerable<DbContext> Used => _contexts.Where(context => context is not ModuleDbContext { InUse: false });

    private async Task CommitChangesAsync(CancellationToken cancellationToken)
    {
        if (Used.Count(c => c.ChangeTracker.HasChanges()) > 1)
        {
            await BeginTransactionAsync(cancellationToken);
        }

        // SaveChanges detects changes itself and does nothing when there are none.
        foreach (var context in Used)
        {
            await context.SaveChangesAsync(cancellationToken);
        }

        if (_transaction is not null)
        {
            await _transaction.CommitAsync(cancellationToken);
            await EndTransactionAsync();
        }

        // Not cancellable: once the change is committed, the stale entries must go whatever happens to the request.
        // Cleared once: a scope can outlive its command (a Blazor circuit sends many), and the next commit has its own tags.
        if (_staleCacheTags.Count > 0)
        {
            string[] stale = [.. _staleCacheTags];
            _staleCacheTags.Clear();
            await cache.RemoveByTagAsync(stale, CancellationToken.None);
        }
    }

    public async Task RollbackAsync()
    {
        _staleCacheTags.Clear();
        foreach (var context in Used)
        {
            context.ChangeTracker.Clear();
        }

        if (_transaction is not null)
        {
            await _transaction.RollbackAsync(CancellationToken.None);
            await EndTransactionAsync();
        }
    }

    private async Task EndTransactionAsync()
    {
        foreach (var context in _contexts)
        {
            await context.Database.UseTransactionAsync(null);
        }

        await _transaction!.DisposeAsync();
        _transaction = null;
    }

    /// <summary>Scopes disposed synchronously (Data Protection's key store opens one) end an unfinished transaction too.</summary>
    public void Dispose() => _transaction?.Dispose();

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
    }
}
