using System.Diagnostics;
using ErrorOr;
using Mediator;

namespace RelationshipCare.Web.Platform.Messaging;

/// <summary>
/// Logs each message by type name only: message contents can hold personal data, so they are never logged.
/// A refusal is logged at information level, a success at debug (the request log already has one line per request,
/// with its time); unexpected exceptions are left to the exception handler, which logs them once. The clock is read
/// only when debug logging will report the time: on virtual machines a clock read is a noticeable share of a send.
/// </summary>
internal sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IErrorOr
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = logger.IsEnabled(LogLevel.Debug) ? Stopwatch.GetTimestamp() : 0;
        var response = await next(message, cancellationToken);
        if (response.IsError)
        {
            LogRefused(logger, typeof(TMessage).FullName, response.Errors?.FirstOrDefault().Code);
        }
        else if (started != 0)
        {
            LogHandled(logger, typeof(TMessage).FullName, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {MessageType} in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string? messageType, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {MessageType} with {ErrorCode}")]
    private static partial void LogRefused(ILogger logger, string? messageType, string? errorCode);
}
