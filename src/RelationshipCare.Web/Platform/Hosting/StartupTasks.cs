using Microsoft.Extensions.Options;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Platform.Hosting;

internal static partial class StartupTasks
{
    /// <summary>Migrates the database when configured to, then seeds the demo agency when demo data is on.</summary>
    public static async Task PrepareAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.MigrateOnStartup)
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        if (app.Services.GetRequiredService<IOptions<DemoOptions>>().Value.IsOn(database.Provider))
        {
            await SeedDemoAsync(app.Services, cancellationToken);
        }
    }

    public static async Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        List<string> created = [];
        await using (var scope = services.CreateAsyncScope())
        {
            // Each seeder is one unit: what it adds commits whole, and a seeder that finds its data there adds nothing.
            var unitOfWork = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            foreach (var seeder in scope.ServiceProvider.GetServices<IDemoSeeder>())
            {
                await unitOfWork.RunAsync(async ct => created.AddRange(await seeder.SeedAsync(ct)), cancellationToken);
            }
        }

        if (created.Count > 0)
        {
            // Printed on the console, not logged: these are the demo agency's sign-ins, shown once for the person starting it.
            Console.WriteLine();
            Console.WriteLine("  Demo agency created (local demo data only):");
            foreach (var line in created)
            {
                Console.WriteLine("    " + line);
            }

            Console.WriteLine();
        }
    }
}
