using FluentValidation;
using RelationshipCare.Web.Platform.Configuration;
using RelationshipCare.Web.Platform.Data;

namespace RelationshipCare.Web.Platform.Hosting;

/// <summary>
/// Demo data: on by default in local mode (SQLite), off on PostgreSQL unless the host is started with
/// <c>--seed-demo</c> (which sets <c>Demo:Enabled</c>).
/// </summary>
public sealed class DemoOptions : IAppOptions
{
    public static string Section => "Demo";

    /// <summary>Seed the demo agency at start. Unset means: only in local mode.</summary>
    public bool? Enabled { get; set; }

    internal bool IsOn(DatabaseProvider provider) => Enabled ?? provider == DatabaseProvider.Sqlite;

    internal sealed class Validator : AbstractValidator<DemoOptions>;
}

/// <summary>The demo agency's shared sign-in details (local demo data only; printed at first start and in README).</summary>
internal static class DemoAgencyCredentials
{
    public const string Password = "Demo!Agency2026";
    public const string EmailDomain = "demo-agency.example";
    public const string AdminEmail = "admin@" + EmailDomain;
    public static readonly Guid AdminId = Guid.Parse("0193a000-0000-7000-8000-000000000001");
}

/// <summary>A module's part of the demo agency. Seeders run in module registration order and must be idempotent.</summary>
internal interface IDemoSeeder
{
    /// <summary>Adds what is missing and returns lines worth printing (such as sign-ins) when it created something.</summary>
    Task<IReadOnlyList<string>> SeedAsync(CancellationToken cancellationToken);
}
