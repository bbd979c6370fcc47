using System.Security.Claims;

namespace RelationshipCare.Web.Platform.Identity;

/// <summary>Who is acting: the signed-in user of the request, the Blazor circuit or the job. Every module asks this.</summary>
public interface ICurrentAgent
{
    bool IsAuthenticated { get; }

    /// <summary>The user's id (an agent's id is the id of the user who signs in as that agent).</summary>
    Guid Id { get; }

    string DisplayName { get; }

    bool IsAdmin { get; }

    /// <summary>True for team leads and admins.</summary>
    bool IsTeamLead { get; }

    bool IsInRole(string role);
}

/// <summary>
/// Reads the principal from the HTTP request, unless a Blazor circuit or a job has handed one to this scope
/// (an interactive circuit has no request, and a job runs outside any).
/// </summary>
internal sealed class CurrentAgent(IHttpContextAccessor httpContextAccessor) : ICurrentAgent
{
    private ClaimsPrincipal? _principal;

    public ClaimsPrincipal Principal => _principal ?? httpContextAccessor.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    public Guid Id => Guid.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
        ? id
        : throw new InvalidOperationException("No agent is signed in for this operation.");

    public string DisplayName => Principal.FindFirstValue(AppClaims.DisplayName) ?? Principal.Identity?.Name ?? "";

    public bool IsAdmin => Principal.IsInRole(AppRoles.Admin);

    public bool IsTeamLead => Principal.IsInRole(AppRoles.TeamLead) || IsAdmin;

    public bool IsInRole(string role) => Principal.IsInRole(role);

    /// <summary>Makes this scope act as <paramref name="principal"/>.</summary>
    public void ActAs(ClaimsPrincipal principal) => _principal = principal;
}

public static class AppClaims
{
    public const string DisplayName = "rc:display_name";
    public const string ApiKeyId = "rc:api_key_id";
}
