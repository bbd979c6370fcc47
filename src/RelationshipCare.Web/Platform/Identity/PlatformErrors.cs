using ErrorOr;

namespace RelationshipCare.Web.Platform.Identity;

/// <summary>The platform's expected failures, each with a stable code.</summary>
internal static class PlatformErrors
{
    public static readonly Error AccountNotFound = Error.NotFound("platform.account-not-found", "No sign-in account exists for this agent.");

    public static readonly Error ApiKeyNotFound = Error.NotFound("platform.api-key-not-found", "You have no API key with this id.");

    public static readonly Error WrongPassword = Error.Validation("CurrentPassword", "The current password is not correct.");
}
