using Mediator;
using RelationshipCare.Web.Modules.AiRouting.Contracts;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>
/// Every shadow comparison leaves a log line with what the experiments will judge: both models, their costs and
/// latencies, and whether the candidate failed. Never the answers themselves: they may hold a client's data.
/// </summary>
internal static class LogShadowComparison
{
    internal sealed class Handler(ILogger<AiShadowCompared> logger) : INotificationHandler<AiShadowCompared>
    {
        public ValueTask Handle(AiShadowCompared notification, CancellationToken cancellationToken)
        {
            logger.LogInformation(
                "Shadow comparison of {RequestId} ({RequestType}): live {LiveModel} ${LiveCost} in {LiveMs} ms; candidate {CandidateModel} ${CandidateCost} in {CandidateMs} ms, failed: {CandidateFailed}",
                notification.RequestId, notification.RequestType, notification.Live.Model, notification.Live.CostUsd, notification.Live.LatencyMs,
                notification.Candidate.Model, notification.Candidate.CostUsd, notification.Candidate.LatencyMs, notification.Candidate.Error is not null);
            return ValueTask.CompletedTask;
        }
    }
}
