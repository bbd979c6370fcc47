namespace RelationshipCare.Web.Platform.Identity;

/// <summary>The sign-in roles. A team lead is also an agent; an admin runs the back office.</summary>
public static class AppRoles
{
    public const string Admin = "Admin";
    public const string TeamLead = "TeamLead";
    public const string Agent = "Agent";

    public static IReadOnlyList<string> All { get; } = [Admin, TeamLead, Agent];
}

/// <summary>Authorization policies by role; every endpoint and page names one.</summary>
public static class AppPolicies
{
    /// <summary>Any signed-in user with a role (agents, team leads, admins).</summary>
    public const string SignedIn = "SignedIn";

    /// <summary>Team leads and admins.</summary>
    public const string TeamLead = "TeamLead";

    /// <summary>Admins only: the back office.</summary>
    public const string Admin = "Admin";

    /// <summary>Any user with a role, authenticated by a personal API key (the HTTP API).</summary>
    public const string Api = "Api";
}
