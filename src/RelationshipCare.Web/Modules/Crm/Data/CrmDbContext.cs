using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Modules.Crm.Data;

internal sealed class CrmDbContext(DbContextOptions<CrmDbContext> options) : ModuleDbContext(options, SchemaName)
{
    public const string SchemaName = "crm";

    /// <summary>Custom field values as one JSON object (jsonb on PostgreSQL, text on SQLite).</summary>
    private static readonly ValueConverter<Dictionary<string, string?>, string> CustomFieldsJson = new(
        fields => JsonSerializer.Serialize(fields, JsonSerializerOptions.Default),
        json => JsonSerializer.Deserialize<Dictionary<string, string?>>(json, JsonSerializerOptions.Default) ?? new Dictionary<string, string?>());

    private static readonly ValueComparer<Dictionary<string, string?>> CustomFieldsComparer = new(
        (a, b) => a!.Count == b!.Count && a.All(pair => b.ContainsKey(pair.Key) && b[pair.Key] == pair.Value),
        fields => fields.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)),
        fields => new Dictionary<string, string?>(fields));

    public DbSet<Client> Clients => Set<Client>();

    public DbSet<ClientExternalId> ExternalIds => Set<ClientExternalId>();

    public DbSet<ClientPolicy> Policies => Set<ClientPolicy>();

    public DbSet<ClientNote> Notes => Set<ClientNote>();

    public DbSet<ClientShare> Shares => Set<ClientShare>();

    public DbSet<CustomFieldDefinition> CustomFields => Set<CustomFieldDefinition>();

    public DbSet<CrmConnection> Connections => Set<CrmConnection>();

    public DbSet<PendingWrite> PendingWrites => Set<PendingWrite>();

    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();

    /// <summary>A value kept as JSON (jsonb on PostgreSQL, text on SQLite), compared by its JSON.</summary>
    private static void Json<T>(PropertyBuilder<T> property, bool postgres)
    {
        property.HasConversion(
            new ValueConverter<T, string>(
                value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Default)!),
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Default) == JsonSerializer.Serialize(b, JsonSerializerOptions.Default),
                value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default).GetHashCode(StringComparison.Ordinal),
                value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonSerializerOptions.Default), JsonSerializerOptions.Default)!));
        if (postgres)
        {
            property.HasColumnType("jsonb");
        }
    }

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        var postgres = Database.IsNpgsql();
        modelBuilder.Entity<Client>(client =>
        {
            client.ToTable("clients");
            client.HasKey(c => c.Id);
            client.Property(c => c.FirstName).HasMaxLength(100);
            client.Property(c => c.LastName).HasMaxLength(100);
            client.Property(c => c.SortName).HasMaxLength(210);
            client.Property(c => c.Email).HasMaxLength(256);
            client.Property(c => c.Phone).HasMaxLength(20);
            client.Property(c => c.Company).HasMaxLength(200);
            client.Property(c => c.Street).HasMaxLength(200);
            client.Property(c => c.City).HasMaxLength(100);
            client.Property(c => c.State).HasMaxLength(2);
            client.Property(c => c.PostalCode).HasMaxLength(20);
            client.Property(c => c.Country).HasMaxLength(2);
            client.Property(c => c.PreferredChannel).HasMaxLength(10);
            client.Property(c => c.Language).HasMaxLength(35);
            client.Property(c => c.TimeZone).HasMaxLength(64);
            client.Property(c => c.Source).HasConversion<string>().HasMaxLength(20);
            var customFields = client.Property(c => c.CustomFields).HasConversion(CustomFieldsJson, CustomFieldsComparer);
            if (postgres)
            {
                customFields.HasColumnType("jsonb");
            }

            client.Property(c => c.Version).IsConcurrencyToken();
            client.Ignore(c => c.Address);
            client.HasMany(c => c.Policies).WithOne().HasForeignKey(p => p.ClientId).OnDelete(DeleteBehavior.Cascade);

            // "My clients" filters by owner and pages in name order: the owner's rows come off this index in order.
            client.HasIndex(c => new { c.OwnerAgentId, c.SortName, c.Id });
            // Admins (and shared clients) page over everyone in name order.
            client.HasIndex(c => new { c.SortName, c.Id });
            client.HasIndex(c => new { c.NextRenewalDate, c.Id });
            client.HasIndex(c => new { c.LastContactAt, c.Id });
            client.HasIndex(c => c.Phone);
            client.Property(c => c.RemovedExternalId).HasMaxLength(100);
            // A record restored in its CRM finds the client it was removed from.
            client.HasIndex(c => new { c.RemovedByConnectionId, c.RemovedExternalId });
            var email = client.HasIndex(c => c.Email);
            if (postgres)
            {
                // Name and email search match by prefix (LIKE 'abc%'), which needs pattern operators in any collation.
                client.HasIndex(c => c.SortName, "ix_clients_sort_name_pattern").HasOperators("text_pattern_ops");
                email.HasOperators("text_pattern_ops");
            }
        });

        modelBuilder.Entity<ClientExternalId>(external =>
        {
            external.ToTable("client_external_ids");
            external.HasKey(e => new { e.ConnectionId, e.ExternalId });
            external.Property(e => e.ExternalId).HasMaxLength(100);
            external.HasIndex(e => e.ClientId);
        });

        modelBuilder.Entity<ClientPolicy>(policy =>
        {
            policy.ToTable("policies");
            policy.HasKey(p => p.Id);
            policy.Property(p => p.Number).HasMaxLength(50);
            policy.HasIndex(p => p.Number).IsUnique();
            policy.Property(p => p.ExternalId).HasMaxLength(100);
            policy.Property(p => p.LineOfBusiness).HasMaxLength(40);
            policy.Property(p => p.Carrier).HasMaxLength(100);
            policy.Property(p => p.Premium).HasPrecision(12, 2);
            policy.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            policy.HasIndex(p => p.ClientId);
            // "Renewal within N days" looks policies up by expiration date.
            policy.HasIndex(p => new { p.ExpirationDate, p.ClientId });
            policy.HasIndex(p => new { p.LineOfBusiness, p.ClientId });
        });

        modelBuilder.Entity<ClientNote>(note =>
        {
            note.ToTable("client_notes");
            note.HasKey(n => n.Id);
            note.Property(n => n.Text).HasMaxLength(ClientNote.MaxLength);
            note.Property(n => n.AuthorName).HasMaxLength(200);
            note.HasIndex(n => new { n.ClientId, n.CreatedAt });
        });

        modelBuilder.Entity<ClientShare>(share =>
        {
            share.ToTable("client_shares");
            share.HasKey(s => new { s.ClientId, s.AgentId });
            share.HasIndex(s => s.AgentId);
        });

        modelBuilder.Entity<CustomFieldDefinition>(field =>
        {
            field.ToTable("custom_field_definitions");
            field.HasKey(f => f.Id);
            field.Property(f => f.Key).HasMaxLength(40);
            field.HasIndex(f => f.Key).IsUnique();
            field.Property(f => f.Label).HasMaxLength(100);
            field.Property(f => f.Type).HasConversion<string>().HasMaxLength(10);
        });

        modelBuilder.Entity<CrmConnection>(connection =>
        {
            connection.ToTable("connections");
            connection.HasKey(c => c.Id);
            connection.Property(c => c.Name).HasMaxLength(100);
            connection.HasIndex(c => c.Name).IsUnique();
            connection.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
            Json(connection.Property(c => c.Settings), postgres);
            Json(connection.Property(c => c.OwnerMap), postgres);
            connection.Property(c => c.ProtectedSecrets).HasMaxLength(8000);
            connection.Property(c => c.SyncCursor).HasMaxLength(2000);
            connection.Property(c => c.DeletionCursor).HasMaxLength(2000);
        });

        modelBuilder.Entity<PendingWrite>(write =>
        {
            write.ToTable("pending_writes");
            write.HasKey(w => w.Id);
            write.Property(w => w.Status).HasConversion<string>().HasMaxLength(10);
            write.Property(w => w.LastError).HasMaxLength(2000);
            write.Property(w => w.UpdatedAt).IsConcurrencyToken();
            // One write per client and connection: later edits join the waiting one.
            write.HasIndex(w => new { w.ClientId, w.ConnectionId }).IsUnique();
            // The delivery sweep takes the due pending writes in order.
            write.HasIndex(w => new { w.Status, w.NextAttemptAt });
        });

        modelBuilder.Entity<SyncRun>(run =>
        {
            run.ToTable("sync_runs");
            run.HasKey(r => r.Id);
            run.Property(r => r.Error).HasMaxLength(2000);
            run.HasIndex(r => new { r.ConnectionId, r.StartedAt });
        });
    }
}
