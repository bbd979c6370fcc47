using RelationshipCare.Web.Modules.Crm.Connectors;

namespace RelationshipCare.Web.Modules.Crm.Data;

/// <summary>
/// An agency's connection to one external CRM org. Its settings are kept without secrets (<see cref="Settings"/>);
/// the secrets are kept apart, encrypted with Data Protection (<see cref="ProtectedSecrets"/>), and never leave the
/// module except to sign in to the CRM.
/// </summary>
internal sealed class CrmConnection
{
    public Guid Id { get; init; }

    public required string Name { get; set; }

    public CrmKind Kind { get; init; }

    /// <summary>Everything but the credentials (which are always empty here).</summary>
    public required CrmConnectionSettings Settings { get; set; }

    /// <summary>The <see cref="CrmCredentials"/> as JSON, encrypted (purpose <c>crm-connection-secrets</c>).</summary>
    public required string ProtectedSecrets { get; set; }

    /// <summary>CRM user id → agent id: who owns the clients synced from that CRM user.</summary>
    public Dictionary<string, Guid> OwnerMap { get; set; } = [];

    /// <summary>The agent who owns synced clients whose CRM owner is not in <see cref="OwnerMap"/>.</summary>
    public Guid DefaultOwnerAgentId { get; set; }

    public bool Enabled { get; set; }

    /// <summary>Where an unfinished sync resumes (the connector's cursor), stored after every page; null between syncs.</summary>
    public string? SyncCursor { get; set; }

    /// <summary>The last change time a finished sync read: the next sync asks for changes at or after it.</summary>
    public DateTimeOffset? SyncedThrough { get; set; }

    /// <summary>Up to when the CRM's deletions have been applied: the next sync lists deletions from there.</summary>
    public DateTimeOffset? DeletionsSyncedThrough { get; set; }

    /// <summary>Where an unfinished listing of deletions resumes (the connector's cursor); null between syncs.</summary>
    public string? DeletionCursor { get; set; }

    /// <summary>Until when a running sync holds the connection, so two instances (or a "sync now" and the schedule) never sync it at once.</summary>
    public DateTimeOffset? SyncLeaseUntil { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal enum PendingWriteStatus
{
    /// <summary>Waiting for delivery (at <see cref="PendingWrite.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>The CRM refused the data; an agent must fix the client (the next edit queues it again).</summary>
    Failed,
}

/// <summary>
/// The outbox: a client's change that its CRM has not received yet. It names the client rather than carrying a copy,
/// so delivery always sends the client as it is now, and many edits before delivery make one write.
/// A delivered write is deleted.
/// </summary>
internal sealed class PendingWrite
{
    public Guid Id { get; init; }

    public Guid ClientId { get; init; }

    public Guid ConnectionId { get; init; }

    public PendingWriteStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Why the last attempt did not deliver (the CRM's reason when it refused the data).</summary>
    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When an agent last changed the client this write carries: the concurrency token, so a delivery never drops a newer edit's write.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One run of a connection's incremental sync, kept as history for admins.</summary>
internal sealed class SyncRun
{
    public Guid Id { get; init; }

    public Guid ConnectionId { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int Pages { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    /// <summary>Clients left as they are because an agent's change to them is still waiting for delivery.</summary>
    public int Skipped { get; set; }

    /// <summary>Clients marked as removed because their CRM deleted the record.</summary>
    public int Removed { get; set; }

    public string? Error { get; set; }
}
