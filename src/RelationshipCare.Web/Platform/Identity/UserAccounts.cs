using ErrorOr;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace RelationshipCare.Web.Platform.Identity;

/// <summary>
/// Sign-in accounts as modules see them: the Teams module creates an account for each agent it adds and
/// deactivates it with the agent. Identity saves as it goes, so callers run inside a unit-of-work transaction.
/// </summary>
internal sealed class UserAccounts(UserManager<AppUser> users, PlatformDbContext db, ApiKeyResolver apiKeys, TimeProvider time)
{
    public async Task<ErrorOr<Guid>> CreateAsync(Guid id, string email, string displayName, string password, IEnumerable<string> roles)
    {
        var user = new AppUser
        {
            Id = id,
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            CreatedAt = time.GetUtcNow(),
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return ToErrors(created);
        }

        var added = await users.AddToRolesAsync(user, roles);
        return added.Succeeded ? user.Id : ToErrors(added);
    }

    public async Task<ErrorOr<Success>> UpdateAsync(Guid id, string email, string displayName, IReadOnlyCollection<string> roles)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return PlatformErrors.AccountNotFound;
        }

        user.DisplayName = displayName;
        user.Email = email;
        user.UserName = email;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return ToErrors(updated);
        }

        var current = await users.GetRolesAsync(user);
        var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
        var added = await users.AddToRolesAsync(user, roles.Except(current));
        if (!removed.Succeeded || !added.Succeeded)
        {
            return ToErrors(removed.Succeeded ? added : removed);
        }

        // Role changes must reach open sessions and cached API keys now, not at the next sign-in.
        await users.UpdateSecurityStampAsync(user);
        await ForgetApiKeysAsync(id);
        return Result.Success;
    }

    /// <summary>Deactivation locks the account for good, ends its sessions and stops its API keys.</summary>
    public async Task<ErrorOr<Success>> SetActiveAsync(Guid id, bool active)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return PlatformErrors.AccountNotFound;
        }

        await users.SetLockoutEndDateAsync(user, active ? null : DateTimeOffset.MaxValue);
        await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await ForgetApiKeysAsync(id);
        return Result.Success;
    }

    /// <summary>Whether an account with this email exists (demo seeding is idempotent by email).</summary>
    public async Task<bool> ExistsAsync(string email) => await users.FindByEmailAsync(email) is not null;

    /// <summary>Stores a known API key for a user: only the demo agency's documented key is made this way.</summary>
    public void AddKnownApiKey(Guid userId, string name, string secret) =>
        db.ApiKeys.Add(new ApiKey
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = name,
            Hint = ApiKey.HintOf(secret),
            Hash = ApiKey.HashOf(secret),
            CreatedAt = time.GetUtcNow(),
        });

    private async Task ForgetApiKeysAsync(Guid userId)
    {
        var hashes = await db.ApiKeys.Where(k => k.UserId == userId).Select(k => k.Hash).ToListAsync();
        await apiKeys.ForgetAsync(hashes, CancellationToken.None);
    }

    /// <summary>Identity's refusals (weak password, taken email) as field errors.</summary>
    private static List<Error> ToErrors(IdentityResult result) =>
        [.. result.Errors.Select(e => Error.Validation(
            e.Code.Contains("Password", StringComparison.Ordinal) ? "Password"
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "Email"
                : e.Code,
            e.Description))];
}
