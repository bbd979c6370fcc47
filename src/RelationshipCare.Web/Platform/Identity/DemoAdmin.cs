using RelationshipCare.Web.Platform.Hosting;

namespace RelationshipCare.Web.Platform.Identity;

/// <summary>The demo agency's admin, who runs its back office.</summary>
internal sealed class DemoAdmin(UserAccounts accounts) : IDemoSeeder
{
    public async Task<IReadOnlyList<string>> SeedAsync(CancellationToken cancellationToken)
    {
        if (await accounts.ExistsAsync(DemoAgencyCredentials.AdminEmail))
        {
            return [];
        }

        var created = await accounts.CreateAsync(
            DemoAgencyCredentials.AdminId, DemoAgencyCredentials.AdminEmail, "Avery Brooks", DemoAgencyCredentials.Password, [AppRoles.Admin]);
        if (created.IsError)
        {
            throw new InvalidOperationException("The demo admin could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        return [$"Admin       {DemoAgencyCredentials.AdminEmail,-36} password {DemoAgencyCredentials.Password}"];
    }
}
