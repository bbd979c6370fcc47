using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace RelationshipCare.Web.Platform.Errors;

/// <summary>
/// The last line: anything a handler did not expect is logged once, with the trace id, and answered with a
/// problem that says nothing about the internals. A request the framework could not read is the client's
/// failure, not ours, and keeps its 4xx status; so does a save that lost a race for a unique value (the same form
/// sent twice at once): a handler checks uniqueness first, but only the database's unique index can decide a tie.
/// </summary>
internal sealed partial class UnexpectedExceptionHandler(IProblemDetailsService problems, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>SQLITE_CONSTRAINT_UNIQUE.</summary>
    private const int SqliteUniqueConstraint = 2067;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var status = exception switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            DbUpdateException update when IsUniqueViolation(update) => StatusCodes.Status409Conflict,
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => 499,
            _ => StatusCodes.Status500InternalServerError,
        };

        var traceId = Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier;
        if (status >= 500)
        {
            LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path, traceId);
        }

        if (status == 499 || httpContext.Response.HasStarted)
        {
            return true;
        }

        httpContext.Response.StatusCode = status;
        var (type, title) = Problems.ForStatus(status);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Type = type,
                Title = title,
                Detail = status >= 500 ? $"The failure was recorded; quote trace id {traceId} when reporting it." : ClientFacingDetail(exception),
            },
        });
    }

    /// <summary>What was wrong with the request, without our type names: an unreadable request in the framework's words.</summary>
    private static string? ClientFacingDetail(Exception exception) => exception switch
    {
        BadHttpRequestException bad => OwnTypeNames().Replace((bad.InnerException as JsonException)?.Message ?? bad.Message, "the expected type"),
        DbUpdateException => "Another request saved the same value at the same moment; reload and try again.",
        _ => null,
    };

    private static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
            or SqliteException { SqliteExtendedErrorCode: SqliteUniqueConstraint };

    [GeneratedRegex(@"RelationshipCare(\.\w+)+(\+\w+)*")]
    private static partial Regex OwnTypeNames();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure on {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path, string traceId);
}
