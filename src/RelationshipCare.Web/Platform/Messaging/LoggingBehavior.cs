using System.Diagnostics;
using ErrorOr;
using Mediator;

namespace RelationshipCare.Web.Platform.Messaging;

/// <summary>
/// Logs each message by type name only: message contents can hold personal data, so they are never logged.
/// A refusal is logged at information level, a success at debug (the request log already has one line per request);
/// unexpected exceptions are left to the exception handler, which logs them once.
/// </summary>
internal sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IErrorOr
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, cancellationToken);
        if (response.IsError)
        {
            LogRefused(logger, typeof(TMessage).FullName, response.Errors?.FirstOrDefault().Code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        else if (logger.IsEnabled(LogLevel.Debug))
        {
            LogHandled(logger, typeof(TMessage).FullName, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {MessageType} in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string? messageType, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {MessageType} with {ErrorCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRefused(ILogger logger, string? messageType, string? errorCode, double elapsedMs);
}
