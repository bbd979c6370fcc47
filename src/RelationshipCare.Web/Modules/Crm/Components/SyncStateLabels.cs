using RelationshipCare.Web.Modules.Crm.Data;
using RelationshipCare.Web.Modules.Crm.Features;

namespace RelationshipCare.Web.Modules.Crm.Components;

/// <summary>How a client's waiting or refused CRM write is put into words, the same on every page.</summary>
internal static class SyncStateLabels
{
    public static bool Failed(GetClientSyncStates.SyncState state) => state.Status == PendingWriteStatus.Failed;

    public static string Title(GetClientSyncStates.SyncState state) =>
        Failed(state) ? $"Failed: {state.Kind} refused the last change." : $"Pending sync to {state.Kind}.";

    public static string Explanation(GetClientSyncStates.SyncState state) => Failed(state)
        ? $"{state.ConnectionName} refused it: {state.Reason} Fix the client and save again."
        : $"Saved here; {state.ConnectionName} gets the change as soon as it can be reached.{(state.Reason is null ? "" : $" Last attempt: {state.Reason}")}";
}
