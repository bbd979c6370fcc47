using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;

namespace RelationshipCare.Web.Platform.Data;

/// <summary>
/// The one commit point. Every module DbContext of a scope shares the scope's connection, and a unit (a command sent
/// through the mediator, or a start-up task) commits everything it changed in one transaction when it succeeds, or
/// nothing. The transaction begins at the unit's first database command, so tracked changes, ExecuteUpdate/Delete,
/// and saves made by libraries (ASP.NET Core Identity saves as it goes) all land in it; a unit that never touches the
/// database costs no round trip. Handlers never commit: they may <see cref="SaveChangesAsync"/> to read their own
/// writes back, inside the transaction.
/// </summary>
internal sealed partial class UnitOfWork : IAsyncDisposable, IDisposable
{
    // EF Core's interceptors are shared by every scope; they find a command's unit through its connection.
    private static readonly ConditionalWeakTable<DbConnection, UnitOfWork> ByConnection = [];

    private readonly DbConnection _connection;
    private readonly HybridCache _cache;
    private readonly IServiceProvider _services;
    private readonly ILogger<UnitOfWork> _logger;
    private readonly List<DbContext> _contexts = [];
    private readonly HashSet<DbContext> _joined = [];
    private readonly HashSet<string> _staleCacheTags = [];
    private readonly List<Func<Task>> _afterCommit = [];
    private DbTransaction? _transaction;
    private int _depth;

    public UnitOfWork(DbConnection connection, HybridCache cache, IServiceProvider services, ILogger<UnitOfWork> logger)
    {
        _connection = connection;
        _cache = cache;
        _services = services;
        _logger = logger;
        ByConnection.AddOrUpdate(connection, this);
    }

    public DbConnection Connection => _connection;

    /// <summary>Whether a unit is running in this scope.</summary>
    public bool InProgress => _depth > 0;

    /// <summary>The unit whose scope owns <paramref name="connection"/>, if any.</summary>
    internal static UnitOfWork? Of(DbConnection? connection) =>
        connection is not null && ByConnection.TryGetValue(connection, out var unit) ? unit : null;

    internal void Enlist(DbContext context) => _contexts.Add(context);

    /// <summary>
    /// Runs <paramref name="work"/> as one unit: it commits when <paramref name="succeeded"/> says so and rolls back
    /// otherwise (or on an exception). A unit started inside another joins it: only the outermost commits. With
    /// <paramref name="attempts"/> above one, a concurrency conflict at any save runs the work again from a clean
    /// state, so a handler never writes its own retry loop.
    /// </summary>
    public async ValueTask<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> work, Func<T, bool> succeeded, int attempts, CancellationToken cancellationToken)
    {
        if (_depth > 0)
        {
            _depth++;
            try
            {
                return await work(cancellationToken);
            }
            finally
            {
                _depth--;
            }
        }

        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (_connection.State != ConnectionState.Open)
                {
                    // Opened here, not by EF Core, so that EF Core leaves it open (and the transaction alive) between queries.
                    await _connection.OpenAsync(cancellationToken);
                }

                _depth = 1;
                try
                {
                    var result = await work(cancellationToken);
                    if (!succeeded(result))
                    {
                        await RollbackAsync();
                        return result;
                    }

                    await CommitAsync(cancellationToken);
                    return result;
                }
                catch (DbUpdateConcurrencyException) when (attempt < attempts)
                {
                    await RollbackAsync();
                }
                catch
                {
                    await RollbackAsync();
                    throw;
                }
                finally
                {
                    _depth = 0;
                }
            }
        }
        finally
        {
            // Committed or not: a handler may have read its own uncommitted writes into the cache, and those go too.
            await ClearStaleCacheAsync();
        }
    }

    /// <inheritdoc cref="RunAsync{T}(Func{CancellationToken, ValueTask{T}}, Func{T, bool}, int, CancellationToken)"/>
    public async Task RunAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        await RunAsync(async ct =>
        {
            await work(ct);
            return true;
        }, static _ => true, attempts: 1, cancellationToken);

    /// <summary>Runs <paramref name="work"/> as one unit (or as part of the running one) and answers what it returned.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        await RunAsync(async ct => await work(ct), static _ => true, attempts: 1, cancellationToken);

    /// <summary>
    /// For a job that works in steps (a sync's pages, a delivery's attempts): commits what the scope's contexts have
    /// changed as a unit of its own, so each step is kept whatever happens to the next.
    /// </summary>
    public Task SaveStepAsync(CancellationToken cancellationToken) => RunAsync(static _ => Task.CompletedTask, cancellationToken);

    /// <summary>Cache tags whose entries this unit's changes make stale: removed once it ends, after its commit.</summary>
    public void InvalidateOnCommit(IEnumerable<string> tags) => _staleCacheTags.UnionWith(tags);

    /// <summary>
    /// Something to do once the unit has committed (asking a job server to deliver now, telling open pages); dropped on
    /// rollback. It must not matter if it is lost: what must happen is written in the unit (the outbox).
    /// </summary>
    public void AfterCommit(Func<Task> action) => _afterCommit.Add(action);

    /// <summary>
    /// Writes what the unit's contexts have changed so far, inside its transaction, so a handler can read its own writes
    /// back. Nothing is committed until the unit ends.
    /// </summary>
    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);

        // The read back must not meet the entries this unit makes stale; they are cleared once more when it ends, in
        // case a concurrent read put the old data back meanwhile.
        await ClearStaleCacheAsync(keepTags: true);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        EnsureInProgress();
        foreach (var context in Used)
        {
            // SaveChanges detects changes itself and does nothing when there are none.
#pragma warning disable RS0030 // The one place that saves: the unit of work.
            await context.SaveChangesAsync(cancellationToken);
#pragma warning restore RS0030
        }
    }

    /// <summary>The unit's transaction, begun on first use.</summary>
    internal async ValueTask<DbTransaction> TransactionAsync(CancellationToken cancellationToken)
    {
        EnsureInProgress();
        if (_transaction is not null)
        {
            return _transaction;
        }

        // SQLite's deferred transaction takes the write lock at the first write, not at BEGIN: reads do not queue.
        _transaction = _connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await _connection.BeginTransactionAsync(cancellationToken);
        return _transaction;
    }

    /// <summary>Makes <paramref name="context"/> save in the unit's transaction (EF Core would otherwise begin its own).</summary>
    internal async ValueTask JoinAsync(DbContext context, CancellationToken cancellationToken)
    {
        var transaction = await TransactionAsync(cancellationToken);
        if (_joined.Add(context))
        {
            await context.Database.UseTransactionAsync(transaction, cancellationToken);
        }
    }

    private void EnsureInProgress()
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException(
                "Data is written only inside a unit of work: send a command through the mediator (or, at start-up, use UnitOfWork.RunAsync).");
        }
    }

    /// <summary>The enlisted contexts something has used: the others have no changes and are left unset-up.</summary>
    private IEnumerable<DbContext> Used => _contexts.Where(context => context is not ModuleDbContext { InUse: false });

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        foreach (var participant in _services.GetServices<IUnitOfWorkParticipant>())
        {
            await participant.BeforeCommitAsync(this, cancellationToken);
        }

        // What the participants added (outbox rows, audit entries) is saved in the same transaction.
        await FlushAsync(cancellationToken);

        if (_transaction is not null)
        {
#pragma warning disable RS0030 // The one commit point.
            await _transaction.CommitAsync(cancellationToken);
#pragma warning restore RS0030
            await EndTransactionAsync();
        }

        Func<Task>[] after = [.. _afterCommit];
        _afterCommit.Clear();
        foreach (var action in after)
        {
            try
            {
                await action();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Committed is committed: a failed follow-up is logged, never answered as the command's failure.
                LogAfterCommitFailed(_logger, e);
            }
        }
    }

    private async Task RollbackAsync()
    {
        _afterCommit.Clear();
        foreach (var context in Used)
        {
            context.ChangeTracker.Clear();
        }

        foreach (var participant in _services.GetServices<IUnitOfWorkParticipant>())
        {
            participant.Discard();
        }

        if (_transaction is not null)
        {
            await _transaction.RollbackAsync(CancellationToken.None);
            await EndTransactionAsync();
        }
    }

    /// <summary>
    /// Not cancellable: once the unit has ended, the stale entries must go whatever happens to the request. Cleared once: a
    /// scope can outlive its unit (a Blazor circuit sends many), and the next unit has its own tags. A cache that cannot be
    /// reached does not undo a committed change: the failure is logged and the entries expire on their own.
    /// </summary>
    private async Task ClearStaleCacheAsync(bool keepTags = false)
    {
        if (_staleCacheTags.Count == 0)
        {
            return;
        }

        string[] stale = [.. _staleCacheTags];
        if (!keepTags)
        {
            _staleCacheTags.Clear();
        }

        try
        {
            await _cache.RemoveByTagAsync(stale, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogCacheNotCleared(_logger, e, string.Join(", ", stale));
        }
    }

    private async Task EndTransactionAsync()
    {
        foreach (var context in _joined)
        {
            await context.Database.UseTransactionAsync(null);
        }

        _joined.Clear();
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

    [LoggerMessage(Level = LogLevel.Error, Message = "A unit of work committed, then a follow-up failed")]
    private static partial void LogAfterCommitFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cache entries tagged {Tags} could not be cleared after a unit of work; they expire on their own")]
    private static partial void LogCacheNotCleared(ILogger logger, Exception exception, string tags);
}

/// <summary>
/// A platform service that adds its own rows to every unit that commits (the outbox, the audit trail): called after the
/// unit's changes are saved and before its transaction commits, inside it.
/// </summary>
internal interface IUnitOfWorkParticipant
{
    Task BeforeCommitAsync(UnitOfWork unit, CancellationToken cancellationToken);

    /// <summary>The unit rolled back: forget what was gathered for it.</summary>
    void Discard();
}
