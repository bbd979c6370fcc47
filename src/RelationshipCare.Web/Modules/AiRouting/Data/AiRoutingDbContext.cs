using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Modules.AiRouting.Data;

internal sealed class AiRoutingDbContext(DbContextOptions<AiRoutingDbContext> options) : ModuleDbContext(options, SchemaName)
{
    public const string SchemaName = "ai";

    public DbSet<AiRequestRecord> Requests => Set<AiRequestRecord>();

    public DbSet<AiBudget> Budgets => Set<AiBudget>();

    public DbSet<BudgetReservation> Reservations => Set<BudgetReservation>();

    public DbSet<AiApproval> Approvals => Set<AiApproval>();

    public DbSet<AiModelEntry> Models => Set<AiModelEntry>();

    public DbSet<AiRoutingRule> RoutingRules => Set<AiRoutingRule>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        // Table names carry the module's prefix: SQLite has no schemas, so they must be distinct across modules.
        modelBuilder.Entity<AiRequestRecord>(request =>
        {
            request.ToTable("ai_requests");
            request.HasKey(r => r.Id);
            request.Property(r => r.RequestType).HasMaxLength(50);
            request.Property(r => r.Tier).HasMaxLength(50);
            request.Property(r => r.Model).HasMaxLength(100);
            request.Property(r => r.Provider).HasMaxLength(50);
            request.Property(r => r.Channel).HasMaxLength(20);
            request.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            request.Property(r => r.Error).HasMaxLength(1000);
            // The seed's two indexes: an agent's requests by date, and spend by date.
            request.HasIndex(r => new { r.AgentId, r.CreatedAt });
            request.HasIndex(r => new { r.CreatedAt, r.CostMicros });
            request.HasIndex(r => r.ClientId);
        });

        modelBuilder.Entity<AiBudget>(budget =>
        {
            budget.ToTable("ai_budgets");
            budget.HasKey(b => new { b.Scope, b.ScopeId });
            budget.Property(b => b.Scope).HasConversion<string>().HasMaxLength(10);
        });

        modelBuilder.Entity<BudgetReservation>(reservation =>
        {
            reservation.ToTable("ai_budget_reservations");
            reservation.HasKey(r => r.RequestId);
            reservation.HasIndex(r => new { r.SettledAt, r.CreatedAt });
        });

        modelBuilder.Entity<AiApproval>(approval =>
        {
            approval.ToTable("ai_approvals");
            approval.HasKey(a => a.RequestId);
            approval.Property(a => a.Model).HasMaxLength(100);
            approval.Property(a => a.PromptPreview).HasMaxLength(300);
            approval.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            approval.Property(a => a.Reason).HasMaxLength(500);
            approval.HasIndex(a => new { a.Status, a.ExpiresAt });
            approval.HasIndex(a => new { a.LeadId, a.Status });
        });

        modelBuilder.Entity<AiModelEntry>(model =>
        {
            model.ToTable("ai_models");
            model.HasKey(m => m.Name);
            model.Property(m => m.Name).HasMaxLength(100);
            model.Property(m => m.Provider).HasMaxLength(50);
            model.Property(m => m.InputPerMillion).HasPrecision(12, 4);
            model.Property(m => m.OutputPerMillion).HasPrecision(12, 4);
            model.Property(m => m.CachedInputPerMillion).HasPrecision(12, 4);
        });

        modelBuilder.Entity<AiRoutingRule>(rule =>
        {
            rule.ToTable("ai_routing_rules");
            rule.HasKey(r => r.Tier);
            rule.Property(r => r.Tier).HasMaxLength(50);
        });
    }
}
