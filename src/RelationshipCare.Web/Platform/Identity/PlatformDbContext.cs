using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Platform.Identity;

/// <summary>The platform's own tables: sign-in users and roles, personal API keys, and Data Protection keys.</summary>
internal sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options)
    : IdentityDbContext<AppUser, AppRole, Guid>(options), IDataProtectionKeyContext
{
    public const string Schema = "platform";

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);

        builder.Entity<AppUser>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.DisplayName).HasMaxLength(200);
        });
        builder.Entity<AppRole>(role =>
        {
            role.ToTable("roles");
            // The roles are part of the schema, not of any data set: every deployment has exactly these.
            role.HasData(
                SeedRole("0193a000-0000-7000-8000-0000000000a1", AppRoles.Admin),
                SeedRole("0193a000-0000-7000-8000-0000000000a2", AppRoles.TeamLead),
                SeedRole("0193a000-0000-7000-8000-0000000000a3", AppRoles.Agent));
        });
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");

        builder.Entity<ApiKey>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Hint).HasMaxLength(20);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.HasIndex(k => k.Hash).IsUnique();
            key.HasIndex(k => k.UserId);
        });

        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }

    private static AppRole SeedRole(string id, string name) =>
        new(name) { Id = Guid.Parse(id), ConcurrencyStamp = id };

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseAppConventions(Database);
}
