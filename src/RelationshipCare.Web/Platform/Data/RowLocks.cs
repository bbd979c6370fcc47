using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace RelationshipCare.Web.Platform.Data;

/// <summary>
/// Row locks LINQ cannot say. A query tagged <see cref="SkipLocked"/> (<c>TagWith</c>) locks the rows it reads on
/// PostgreSQL and passes over rows another transaction holds, so several instances claim disjoint work from one queue.
/// SQLite has one writer at a time and needs no lock: there the tag stays a comment.
/// </summary>
internal sealed class RowLocks : DbCommandInterceptor
{
    public const string SkipLocked = "FOR UPDATE SKIP LOCKED";

    private const string Tag = "-- " + SkipLocked;

    public static RowLocks Instance { get; } = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Lock(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Lock(command);
        return ValueTask.FromResult(result);
    }

    private static void Lock(DbCommand command)
    {
        if (command is NpgsqlCommand && command.CommandText.StartsWith(Tag, StringComparison.Ordinal))
        {
            command.CommandText = command.CommandText.TrimEnd().TrimEnd(';') + Environment.NewLine + SkipLocked;
        }
    }
}
