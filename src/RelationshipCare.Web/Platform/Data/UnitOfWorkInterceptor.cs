using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RelationshipCare.Web.Platform.Data;

/// <summary>
/// Puts every database command of a running unit of work in the unit's transaction: queries and ExecuteUpdate/Delete
/// get it on the command itself, and a context about to save joins it first (EF Core would otherwise begin a
/// transaction of its own, or commit on its own). Outside a unit, commands run as EF Core runs them.
/// </summary>
internal sealed class UnitOfWorkInterceptor : DbCommandInterceptor, ISaveChangesInterceptor
{
    public static UnitOfWorkInterceptor Instance { get; } = new();

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await EnlistAsync(command, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnlistAsync(command, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await EnlistAsync(command, cancellationToken);
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        EnlistAsync(command, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        EnlistAsync(command, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        EnlistAsync(command, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && UnitOfWork.Of(context.Database.GetDbConnection()) is { InProgress: true } unit)
        {
            await unit.JoinAsync(context, cancellationToken);
        }

        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    private static async ValueTask EnlistAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (command.Transaction is null && UnitOfWork.Of(command.Connection) is { InProgress: true } unit)
        {
            command.Transaction = await unit.TransactionAsync(cancellationToken);
        }
    }
}
