using RelationshipCare.Web.Platform.Observability;

namespace RelationshipCare.Web.Platform.Ui.Account;

/// <summary>Sign-in events. The email is classified, so it is redacted before any log sink sees it.</summary>
internal static partial class AccountLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Signed in: {Email}")]
    public static partial void SignedIn(ILogger logger, [EmailData] string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused: {Email}")]
    public static partial void SignInFailed(ILogger logger, [EmailData] string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in to a locked account: {Email}")]
    public static partial void LockedOut(ILogger logger, [EmailData] string email);
}
