using System.Diagnostics;
using ErrorOr;
using Mediator;

namespace RelationshipCare.Web.Platform.Messaging;

/// <summary>
/// Logs each message by type name only: message contents can hold personal data, so they are never logged.
/// Expected failures are logged at information level; unexpected exceptions are left to the exception handler,
/// which logs them once.
/// </summary>
internal sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return await next(message, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        var response = await next(message, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response is IErrorOr { IsError: true } failed)
        {
            LogFailed(logger, typeof(TMessage).FullName, failed.Errors?.FirstOrDefault().Code, elapsed);
        }
        else
        {
            LogHandled(logger, typeof(TMessage).FullName, elapsed);
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Handled {MessageType} in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string? messageType, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {MessageType} with {ErrorCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogFailed(ILogger logger, string? messageType, string? errorCode, double elapsedMs);
}
