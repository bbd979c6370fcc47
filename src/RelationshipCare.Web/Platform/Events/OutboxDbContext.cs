using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Platform.Events;

/// <summary>
/// The platform's outbox: every module's integration events (<c>outbox_messages</c>), one delivery per handler
/// (<c>outbox_deliveries</c>, removed once handled, kept as dead letters after too many failures) and the inbox of what
/// each handler has handled (<c>outbox_inbox</c>). See docs/adr/0006-one-commit-point-and-an-outbox.md.
/// </summary>
internal sealed class OutboxDbContext(DbContextOptions<OutboxDbContext> options) : ModuleDbContext(options, SchemaName)
{
    public const string SchemaName = "outbox";

    public DbSet<OutboxMessage> Messages => Set<OutboxMessage>();

    public DbSet<OutboxDelivery> Deliveries => Set<OutboxDelivery>();

    public DbSet<InboxEntry> Inbox => Set<InboxEntry>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(message =>
        {
            message.ToTable("outbox_messages");
            message.HasKey(m => m.Id);
            message.Property(m => m.Type).HasMaxLength(300);
            message.HasIndex(m => m.CreatedAt);
        });
        modelBuilder.Entity<OutboxDelivery>(delivery =>
        {
            delivery.ToTable("outbox_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Handler).HasMaxLength(300);
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(10);
            delivery.Property(d => d.LastError).HasMaxLength(2000);
            // The claim takes due deliveries in order; the order check looks for an earlier one of the same handler and subject.
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
            delivery.HasIndex(d => new { d.Handler, d.Subject, d.Id });
            delivery.HasIndex(d => d.MessageId);
        });
        modelBuilder.Entity<InboxEntry>(inbox =>
        {
            inbox.ToTable("outbox_inbox");
            inbox.HasKey(i => new { i.Handler, i.MessageId });
            inbox.Property(i => i.Handler).HasMaxLength(300);
            inbox.HasIndex(i => i.HandledAt);
        });
    }
}

internal sealed class OutboxMessage
{
    /// <summary>Version 7: ordered by the time it was published.</summary>
    public Guid Id { get; init; }

    public required string Type { get; init; }

    public Guid Subject { get; init; }

    public required string Payload { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

internal enum DeliveryStatus
{
    Pending,
    Dead,
}

internal sealed class OutboxDelivery
{
    /// <summary>Given by the database as it is written: deliveries of one subject are handled in this order.</summary>
    public long Id { get; init; }

    public Guid MessageId { get; init; }

    public required string Handler { get; init; }

    public Guid Subject { get; init; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>When it may be claimed: now for a new one, later for a retry, and pushed on by a claim while it runs.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A message a handler has handled: written in the handler's own transaction, so a redelivery changes nothing.</summary>
internal sealed class InboxEntry
{
    public required string Handler { get; init; }

    public Guid MessageId { get; init; }

    public DateTimeOffset HandledAt { get; init; }
}
