using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Modules.AiRouting.Data;
using RelationshipCare.Web.Modules.AiRouting.Routing;

namespace RelationshipCare.Web.Modules.AiRouting.Features;

/// <summary>
/// Runs an approved request in the background: reserve, run, settle, record, cache, and tell the agent the answer
/// is ready (or why it could not run: the budget may have been spent while it waited).
/// </summary>
internal static class RunApprovedRequest
{
    internal sealed class Job(AiRoutingDbContext db, AiRouter router, AiExecutor executor, AiRunRecorder recorder)
    {
        public async Task RunAsync(Guid requestId, CancellationToken cancellationToken)
        {
            // At least once: a retried job finds the request no longer approved and leaves it alone.
            var record = await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId && r.Status == AiRequestStatus.Approved, cancellationToken);
            if (record?.Payload is null)
            {
                return;
            }

            var run = await router.ResumeAsync(record, cancellationToken);
            if (run.IsError)
            {
                await recorder.FailResumedAsync(requestId, record.AgentId, run.FirstError.Description, cancellationToken);
                return;
            }

            await executor.RunAsync(run.Value);
        }
    }
}
