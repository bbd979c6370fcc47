using System.Security.Cryptography;
using RelationshipCare.Web.Platform.Data;
using RelationshipCare.Web.Platform.Identity;

namespace RelationshipCare.Web.Platform.Hosting;

/// <summary>
/// What the host was asked to do: serve (the default), or run a one-off command and exit.
/// <c>migrate</c> applies migrations (production deployments); <c>create-admin EMAIL "NAME"</c> adds the first
/// admin and prints a generated password; <c>--seed-demo</c> adds the demo agency on PostgreSQL.
/// </summary>
internal sealed record HostCommand(string? Name, string[] Operands, string[] HostArgs)
{
    public const string Migrate = "migrate";
    public const string CreateAdmin = "create-admin";

    public bool IsServe => Name is null;

    public static HostCommand Parse(string[] args)
    {
        var name = args.Length > 0 && args[0] is Migrate or CreateAdmin ? args[0] : null;
        var operands = name == CreateAdmin ? args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray() : [];
        var rest = args.Skip(name is null ? 0 : 1 + operands.Length).ToList();
        if (rest.Remove("--seed-demo"))
        {
            rest.Add("--Demo:Enabled=true");
        }

        return new HostCommand(name, operands, [.. rest]);
    }

    public async Task<int> RunAsync(WebApplication app)
    {
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        await migrator.MigrateAsync(CancellationToken.None);
        if (Name == Migrate)
        {
            Console.WriteLine("Migrations applied.");
            return 0;
        }

        if (Operands.Length != 2)
        {
            await Console.Error.WriteLineAsync("Usage: create-admin EMAIL \"DISPLAY NAME\"");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var password = GeneratePassword();
        var created = await scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(
            _ => new ValueTask<ErrorOr.ErrorOr<Guid>>(scope.ServiceProvider.GetRequiredService<UserAccounts>()
                .CreateAsync(Guid.CreateVersion7(), Operands[0], Operands[1], password, [AppRoles.Admin])),
            static result => !result.IsError, attempts: 1, CancellationToken.None);
        if (created.IsError)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, created.Errors.Select(e => e.Description)));
            return 1;
        }

        Console.WriteLine($"Admin {Operands[0]} created. Password (shown once): {password}");
        return 0;
    }

    /// <summary>A password that meets the sign-in rules: 20 characters from every class.</summary>
    internal static string GeneratePassword()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!@#$%^&*-_=+";
        const string all = lower + upper + digits + symbols;
        char[] password =
        [
            lower[RandomNumberGenerator.GetInt32(lower.Length)],
            upper[RandomNumberGenerator.GetInt32(upper.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)],
            symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
            .. RandomNumberGenerator.GetItems<char>(all, 16),
        ];
        RandomNumberGenerator.Shuffle(password.AsSpan());
        return new string(password);
    }
}
