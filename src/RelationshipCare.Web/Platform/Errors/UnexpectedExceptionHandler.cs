using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace RelationshipCare.Web.Platform.Errors;

/// <summary>
/// The last line: anything a handler did not expect is logged once, with the trace id, and answered with a
/// problem that says nothing about the internals. A request the framework could not read is the client's
/// failure, not ours, and keeps its 4xx status.
/// </summary>
internal sealed partial class UnexpectedExceptionHandler(IProblemDetailsService problems, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var status = exception switch
        {
            BadHttpRequestException bad => bad.StatusCode,
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

    /// <summary>What was wrong with an unreadable request, in the framework's words, without our type names.</summary>
    private static string? ClientFacingDetail(Exception exception) =>
        exception is BadHttpRequestException bad
            ? OwnTypeNames().Replace((bad.InnerException as JsonException)?.Message ?? bad.Message, "the expected type")
            : null;

    [GeneratedRegex(@"RelationshipCare(\.\w+)+(\+\w+)*")]
    private static partial Regex OwnTypeNames();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure on {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path, string traceId);
}
