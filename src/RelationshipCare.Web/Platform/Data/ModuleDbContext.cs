using Microsoft.EntityFrameworkCore;

namespace RelationshipCare.Web.Platform.Data;

/// <summary>
/// The base of every module's DbContext: the module's own schema and the conventions every table follows.
/// </summary>
internal abstract class ModuleDbContext(DbContextOptions options, string schema) : DbContext(options)
{
    public string Schema { get; } = schema;

    /// <summary>
    /// Whether anything has used the context yet. EF Core sets a context up on its first use; one that was only
    /// injected has nothing to save, and setting it up just to find that out costs more than the rest of a request.
    /// </summary>
    public bool InUse { get; private set; }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => InUse = true;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        ConfigureModel(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseAppConventions(Database);

    /// <summary>The module's entity configuration.</summary>
    protected abstract void ConfigureModel(ModelBuilder modelBuilder);
}
