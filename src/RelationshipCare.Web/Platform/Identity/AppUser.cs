using Microsoft.AspNetCore.Identity;

namespace RelationshipCare.Web.Platform.Identity;

/// <summary>A person who signs in. Agents are users; so are admins who run the back office.</summary>
internal sealed class AppUser : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AppRole : IdentityRole<Guid>
{
    public AppRole()
    {
    }

    public AppRole(string name)
        : base(name) => NormalizedName = name.ToUpperInvariant();
}
